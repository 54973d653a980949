package dev.herald.routes;

/** Names of the message headers Herald sets. JMS property names, so plain identifiers. */
public final class Headers {

    /** Why an event was dead-lettered. */
    public static final String DEAD_LETTER_REASON = "HeraldDeadLetterReason";
    /** The event id, when it could be read. */
    public static final String EVENT_ID = "HeraldEventId";
    /** The queue the event came from. */
    public static final String SOURCE_QUEUE = "HeraldSourceQueue";
    /** Sender-side grouping: Artemis keeps one customer's events in order on one consumer. */
    public static final String JMS_GROUP_ID = "JMSXGroupID";

    /** MIME headers on every email, for tracing an email back to its outbox row. */
    public static final String MAIL_CAMPAIGN = "X-Herald-Campaign";
    public static final String MAIL_OUTBOX_ID = "X-Herald-Outbox-Id";

    private Headers() {
    }
}
