package dev.herald.routes;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * The producers' side of per-customer ordering: every event put on an event queue carries the JMS property
 * {@code JMSXGroupID} = its customer id, so Artemis hands one customer's events to one consumer at a time, in
 * the order they were sent, while other customers' events are spread over the other consumers. Call this from
 * every producer (JMS clients, the HTTP ingestion routes, tests) rather than setting the header by hand.
 */
public final class EventGroups {

    private EventGroups() {
    }

    /**
     * The message group of an event: its {@code customerId} as sent (an anonymous visitor's is
     * {@code anon:ANONYMOUS_ID}, so one visitor's events stay in order too).
     */
    public static String groupOf(String customerId) {
        if (customerId == null || customerId.isBlank()) {
            throw new IllegalArgumentException("an event needs a customer id to be grouped");
        }
        return customerId;
    }

    /** Sets the group on a JMS message about to be sent. */
    public static void setGroup(Message message, String customerId) throws JMSException {
        message.setStringProperty(Headers.JMS_GROUP_ID, groupOf(customerId));
    }

    /** Sets the group on a Camel message about to be sent to a {@code jms:} endpoint (camel-jms maps the header). */
    public static void setGroup(org.apache.camel.Message message, String customerId) {
        message.setHeader(Headers.JMS_GROUP_ID, groupOf(customerId));
    }
}
