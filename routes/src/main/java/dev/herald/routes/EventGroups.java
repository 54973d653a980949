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

    /**
     * Sets the group on a JMS message about to be sent. An event without a customer id gets no group: it is
     * dead-lettered by the ingest route anyway, and a producer should not fail on it.
     */
    public static void setGroup(Message message, String customerId) throws JMSException {
        if (customerId != null && !customerId.isBlank()) {
            message.setStringProperty(Headers.JMS_GROUP_ID, groupOf(customerId));
        }
    }

    /**
     * Sets the group from the event JSON in the message body (its {@code customerId}), for producers that pass
     * raw bodies through, such as the HTTP webhooks. A body without a readable customer id gets no group: it is
     * dead-lettered by the ingest route anyway.
     */
    public static void setGroupFromBody(org.apache.camel.Message message) {
        byte[] body = message.getBody(byte[].class);
        customerIdOf(body).ifPresent(id -> message.setHeader(Headers.JMS_GROUP_ID, id));
    }

    /** The top-level {@code customerId} string of a JSON object, read without building the whole tree. */
    static java.util.Optional<String> customerIdOf(byte[] json) {
        if (json == null || json.length == 0 || json.length > dev.herald.engine.event.EventParser.MAX_PAYLOAD_BYTES) {
            return java.util.Optional.empty();
        }
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return java.util.Optional.empty();
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
                if ("customerId".equals(field)) {
                    return value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING && !parser.getText().isBlank()
                            ? java.util.Optional.of(parser.getText().strip()) : java.util.Optional.empty();
                }
                parser.skipChildren();
            }
        } catch (java.io.IOException malformed) {
            // no group; the parser on the consuming side gives the reason
        }
        return java.util.Optional.empty();
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /** Sets the group on a Camel message about to be sent to a {@code jms:} endpoint (camel-jms maps the header). */
    public static void setGroup(org.apache.camel.Message message, String customerId) {
        if (customerId != null && !customerId.isBlank()) {
            message.setHeader(Headers.JMS_GROUP_ID, groupOf(customerId));
        }
    }
}
