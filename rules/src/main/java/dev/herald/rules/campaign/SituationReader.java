package dev.herald.rules.campaign;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.RecentSend;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.decision.RfmScore;
import dev.herald.engine.decision.SegmentMembership;
import dev.herald.engine.decision.TriggerEvent;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Situation} from plain maps (parsed JSON or YAML), for simulations and scenario files.
 *
 * <pre>
 * customer: {id: C1, country: United Kingdom, orderCount: 3, lifetimeSpend: 120.5, segments: [At risk],
 *            rfm: {recency: 2, frequency: 3, monetary: 4}, consent: {email: true},
 *            recommendations: [{productId: 85123A, category: home, score: 0.8}],
 *            recentSends: [{campaign: win-back, daysAgo: 3}], attributes: {days_since_last_order: 90}}
 * event:    {type: order_completed, at: 2026-11-23T10:00:00Z, total: 25.0, ...more attributes}
 * </pre>
 */
public final class SituationReader {

    private static final Set<String> EVENT_FIELDS = Set.of("id", "type", "at");

    private SituationReader() {
    }

    /**
     * @throws IllegalArgumentException naming the field, when a value is missing or of the wrong type
     */
    public static Situation read(Map<String, Object> customer, Map<String, Object> event) {
        Instant at = event.containsKey("at") ? instant(event.get("at"), "event.at") : Instant.now();
        String type = requiredText(event, "type", "event");
        Map<String, Object> eventAttributes = new HashMap<>();
        event.forEach((key, value) -> {
            if (!EVENT_FIELDS.contains(key)) {
                eventAttributes.put(key, scalar(value, "event." + key));
            }
        });
        String eventId = event.containsKey("id") ? String.valueOf(event.get("id")) : "simulated-" + type;
        String customerId = requiredText(customer, "id", "customer");
        Map<String, Object> attributes = new HashMap<>();
        map(customer.get("attributes"), "customer.attributes")
                .forEach((key, value) -> attributes.put(key, scalar(value, "customer.attributes." + key)));
        CustomerFacts facts = new CustomerFacts(customerId, text(customer.get("country")),
                number(customer.getOrDefault("orderCount", 0), "customer.orderCount").longValue(),
                number(customer.getOrDefault("lifetimeSpend", 0), "customer.lifetimeSpend"), attributes);
        List<SegmentMembership> segments = new ArrayList<>();
        for (Object segment : list(customer.get("segments"), "customer.segments")) {
            segments.add(new SegmentMembership(customerId, String.valueOf(segment)));
        }
        RfmScore rfm = null;
        if (customer.get("rfm") != null) {
            Map<String, Object> scores = map(customer.get("rfm"), "customer.rfm");
            rfm = new RfmScore(customerId, number(scores.get("recency"), "customer.rfm.recency").intValue(),
                    number(scores.get("frequency"), "customer.rfm.frequency").intValue(),
                    number(scores.get("monetary"), "customer.rfm.monetary").intValue());
        }
        List<RecommendationScore> recommendations = new ArrayList<>();
        for (Object item : list(customer.get("recommendations"), "customer.recommendations")) {
            Map<String, Object> reco = map(item, "customer.recommendations[]");
            recommendations.add(new RecommendationScore(customerId, requiredText(reco, "productId", "recommendation"),
                    text(reco.get("category")), number(reco.get("score"), "recommendation.score").doubleValue()));
        }
        List<ConsentFact> consents = new ArrayList<>();
        map(customer.get("consent"), "customer.consent").forEach((channel, granted) ->
                consents.add(new ConsentFact(customerId, channel, Boolean.parseBoolean(String.valueOf(granted)))));
        List<RecentSend> sends = new ArrayList<>();
        for (Object item : list(customer.get("recentSends"), "customer.recentSends")) {
            Map<String, Object> send = map(item, "customer.recentSends[]");
            Instant sentAt = send.containsKey("sentAt") ? instant(send.get("sentAt"), "recentSends.sentAt")
                    : at.minus(Duration.ofHours(Math.round(24 * number(send.getOrDefault("daysAgo", 0),
                    "recentSends.daysAgo").doubleValue())));
            sends.add(new RecentSend(customerId, requiredText(send, "campaign", "recentSend"), sentAt));
        }
        return new Situation(new TriggerEvent(eventId, type, at, eventAttributes), facts, segments, rfm,
                recommendations, consents, sends);
    }

    private static Object scalar(Object value, String field) {
        if (value instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        if (value instanceof String || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new IllegalArgumentException(field + " must be text or a number");
    }

    private static String requiredText(Map<String, Object> map, String key, String what) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new IllegalArgumentException(what + " needs '" + key + "'");
        }
        return String.valueOf(value);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static BigDecimal number(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            return new BigDecimal(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a number, got '" + value + "'");
        }
    }

    private static Instant instant(Object value, String field) {
        try {
            return value instanceof java.util.Date date ? date.toInstant() : Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an instant such as 2026-11-23T10:00:00Z, got '" + value + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String field) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(field + " must be an object");
        }
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException(field + " must be a list");
        }
        return items;
    }
}
