package dev.herald.routes.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.event.EventParser;
import dev.herald.engine.event.EventType;
import dev.herald.engine.event.InvalidEventException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one event in Herald's internal JSON and checks it the way the ingest routes will: when the engine's
 * {@link EventParser} knows the type, the finished bytes go through it, so an event accepted here can never be
 * dead-lettered for its shape later. Fields are written in a fixed order, so the same input gives the same text.
 */
final class InternalEventBuilder {

    private static final EventParser ENGINE_PARSER = new EventParser();

    /** One line of an order or checkout, in the engine's item format. */
    record Item(String productId, String name, int quantity, BigDecimal price) {
    }

    private final ObjectNode json = StrictJson.MAPPER.createObjectNode();
    private final String type;
    private final String eventId;
    private final String customerId;

    InternalEventBuilder(String type, String eventId, String customerId, String anonymousId, Instant timestamp) {
        this.type = type;
        this.eventId = eventId;
        this.customerId = customerId;
        json.put("eventId", eventId);
        json.put("type", type);
        json.put("customerId", customerId);
        if (anonymousId != null && !anonymousId.isEmpty()) {
            json.put("anonymousId", anonymousId);
        }
        json.put("timestamp", timestamp.toString());
    }

    boolean has(String field) {
        return json.has(field);
    }

    /** Sets a string field unless the value is empty. */
    InternalEventBuilder put(String field, String value) {
        if (value != null && !value.isEmpty()) {
            json.put(field, value);
        }
        return this;
    }

    InternalEventBuilder put(String field, BigDecimal value) {
        if (value != null) {
            json.put(field, value);
        }
        return this;
    }

    InternalEventBuilder put(String field, int value) {
        json.put(field, value);
        return this;
    }

    InternalEventBuilder set(String field, JsonNode value) {
        if (value != null) {
            json.set(field, value);
        }
        return this;
    }

    /** Writes {@code items} and {@code total} (their sum), as an order carries them. */
    InternalEventBuilder items(List<Item> items) {
        ArrayNode array = json.putArray("items");
        BigDecimal total = BigDecimal.ZERO;
        for (Item item : items) {
            ObjectNode line = array.addObject();
            line.put("productId", item.productId());
            if (!item.name().isEmpty()) {
                line.put("name", item.name());
            }
            line.put("quantity", item.quantity());
            line.put("price", item.price());
            total = total.add(item.price().multiply(BigDecimal.valueOf(item.quantity())));
        }
        json.put("total", total);
        return this;
    }

    /**
     * Finishes the event.
     *
     * @param where how the event is named in reasons, e.g. {@code "batch[3]"}; empty for a single event
     */
    InternalEvent build(String where) {
        String text;
        try {
            text = StrictJson.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event", e);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String prefix = where.isEmpty() ? "" : where + ": ";
        if (bytes.length > EventParser.MAX_PAYLOAD_BYTES) {
            throw IngestRejection.tooLarge(prefix + "the event is " + bytes.length + " bytes in Herald's format, over"
                    + " the limit of " + EventParser.MAX_PAYLOAD_BYTES + " bytes");
        }
        Optional<EventType> known = EventType.fromWireName(type);
        if (known.isPresent()) {
            try {
                ENGINE_PARSER.parse(bytes, Set.of(known.get()));
            } catch (InvalidEventException e) {
                throw IngestRejection.badRequest(prefix + e.reason());
            }
        }
        return new InternalEvent(eventId, type, customerId, Channel.of(type), text);
    }
}
