package dev.herald.routes.ingest;

/**
 * A request Herald refuses at the HTTP edge, with the status code and a reason the sender can act on. Thrown
 * before anything is enqueued, so a rejected request leaves nothing behind.
 */
public class IngestRejection extends RuntimeException {

    private final int status;

    public IngestRejection(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public static IngestRejection badRequest(String reason) {
        return new IngestRejection(400, reason);
    }

    public static IngestRejection tooLarge(String reason) {
        return new IngestRejection(413, reason);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }
}
