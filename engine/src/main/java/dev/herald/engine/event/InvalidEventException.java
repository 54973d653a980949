package dev.herald.engine.event;

import java.util.Optional;

/**
 * An incoming event that Herald will never be able to process, however often it is retried: it belongs in
 * the dead-letter queue with {@link #reason()}. The event id is kept when it could be read, for the log.
 */
public class InvalidEventException extends RuntimeException {

    private final String eventId;

    public InvalidEventException(String reason, String eventId) {
        super(reason);
        this.eventId = eventId;
    }

    public String reason() {
        return getMessage();
    }

    public Optional<String> eventId() {
        return Optional.ofNullable(eventId);
    }
}
