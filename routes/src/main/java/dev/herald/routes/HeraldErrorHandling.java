package dev.herald.routes;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Error handling kept apart from the routes themselves.
 * <ul>
 * <li>{@value #DISPATCH}: a failed send is recorded on its outbox row, to be retried with backoff or, for a
 * permanent SMTP refusal, marked failed.</li>
 * <li>The ingest routes consume batches (ADR 0032) and handle each event's failure themselves in
 * {@link EventIngestion#ingestBatch}: an invalid event goes at once, with its reason, to the dead-letter queue
 * through the batch's own JMS transaction; anything else is retried in place and then rolls the batch back for
 * the broker to redeliver; on the broker's last delivery ({@link RouteSettings#MAX_DELIVERY_ATTEMPTS}) the
 * event is parked with {@link #poisonReason} (ADR 0023).</li>
 * </ul>
 */
public class HeraldErrorHandling extends RouteConfigurationBuilder {

    public static final String DISPATCH = "herald-dispatch-errors";

    private final EmailDispatch dispatch;

    public HeraldErrorHandling(EmailDispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public void configuration() {
        routeConfiguration(DISPATCH)
                .onException(Exception.class)
                .handled(true)
                .process(dispatch::recordFailure).id("record-send-failure");
    }

    /** The dead-letter reason of a poison event: its last failure, named by its root cause. */
    static String poisonReason(Throwable cause) {
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root == null ? "unknown failure"
                : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip());
        return "processing failed on all " + RouteSettings.MAX_DELIVERY_ATTEMPTS + " deliveries; last failure: " + what;
    }
}
