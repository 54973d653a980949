package dev.herald.rules.campaign;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The words campaign definitions may use, owned by developers: event types with their attributes, and customer
 * attributes, each typed. Anything else is reported as unknown, so a typo never turns into a rule that silently
 * never fires, and no marketer-chosen name ever reaches DRL.
 */
public final class Vocabulary {

    /** Value type of an attribute: what conditions on it may compare. */
    public enum AttributeType { NUMBER, TEXT }

    /** Customer attributes every event carries, derived from the profile. */
    public static final String ORDER_COUNT = "order_count";
    public static final String LIFETIME_SPEND = "lifetime_spend";
    public static final String COUNTRY = "country";

    /** The segment-changed event and its attributes ({@code from}/{@code to} are DRL keywords, hence the suffix). */
    public static final String SEGMENT_CHANGED = "segment_changed";
    public static final String FROM_SEGMENT = "from_segment";
    public static final String TO_SEGMENT = "to_segment";

    /**
     * Herald's own event when a scheduled campaign's time comes ({@code trigger.at}), asked for each customer; its
     * one attribute names the campaign, so each such campaign's rule matches only its own event. Marketers never
     * name it: it is not among {@link #eventTypes()}.
     */
    public static final String CAMPAIGN_SCHEDULED = "campaign_scheduled";
    public static final String SCHEDULED_CAMPAIGN = "campaign";

    public static final String CHECKOUT_STARTED = "checkout_started";
    public static final String EMAIL_CLICKED = "email_clicked";

    private static final Map<String, Map<String, AttributeType>> EVENTS = Map.ofEntries(
            Map.entry("customer_signed_up", Map.of("source", AttributeType.TEXT)),
            Map.entry("order_completed", Map.of("total", AttributeType.NUMBER, "currency", AttributeType.TEXT,
                    "item_count", AttributeType.NUMBER)),
            Map.entry("cart_updated", Map.of("cart_total", AttributeType.NUMBER, "item_count", AttributeType.NUMBER)),
            Map.entry("product_viewed", Map.of("product_id", AttributeType.TEXT, "category", AttributeType.TEXT,
                    "price", AttributeType.NUMBER, "quantity", AttributeType.NUMBER)),
            // a click in a Herald email (engagement; journeys wait for it)
            Map.entry(EMAIL_CLICKED, Map.of("campaign", AttributeType.TEXT)),
            // Herald's own event when a customer moves segment (from_segment is absent for a first segment)
            Map.entry(SEGMENT_CHANGED, Map.of("scheme", AttributeType.TEXT, FROM_SEGMENT, AttributeType.TEXT,
                    TO_SEGMENT, AttributeType.TEXT)),
            // Segment-derived events (issue 8): the event's attributes as the engine reads them
            Map.entry("customer_identified", Map.of()),
            Map.entry("page_viewed", Map.of("page_name", AttributeType.TEXT)),
            Map.entry("product_added", Map.of("product_id", AttributeType.TEXT, "price", AttributeType.NUMBER,
                    "quantity", AttributeType.NUMBER)),
            Map.entry("cart_viewed", Map.of()),
            Map.entry(CHECKOUT_STARTED, Map.of("cart_total", AttributeType.NUMBER, "currency", AttributeType.TEXT,
                    "item_count", AttributeType.NUMBER)));

    private static final Map<String, AttributeType> CUSTOMER = Map.ofEntries(
            Map.entry(ORDER_COUNT, AttributeType.NUMBER),
            Map.entry(LIFETIME_SPEND, AttributeType.NUMBER),
            Map.entry(COUNTRY, AttributeType.TEXT),
            Map.entry("days_since_last_order", AttributeType.NUMBER),
            Map.entry("days_since_signup", AttributeType.NUMBER),
            Map.entry("city", AttributeType.TEXT),
            Map.entry("language", AttributeType.TEXT),
            // the predictions stored by herald lifetime predict (ADR 0072)
            Map.entry("alive_probability", AttributeType.NUMBER),
            Map.entry("purchase_probability_90d", AttributeType.NUMBER),
            Map.entry("expected_orders_90d", AttributeType.NUMBER),
            Map.entry("expected_spend_90d", AttributeType.NUMBER),
            // the engagement score stored by engagement scoring (ADR 0075)
            Map.entry("engagement_score", AttributeType.NUMBER));

    /**
     * Signals journeys may wait for or exit on besides the event types: engagement and suppression news that
     * Herald emits itself (opens, unsubscribes, bounces, complaints), not events that trigger campaigns.
     */
    private static final Set<String> JOURNEY_SIGNALS = Set.of("email_opened", "unsubscribed", "email_bounced",
            "complained");

    /** Consent channels a campaign may require. */
    public static final Set<String> CONSENT_CHANNELS = Set.of("email", "sms", "push");

    private Vocabulary() {
    }

    public static Set<String> eventTypes() {
        return new TreeMap<>(EVENTS).keySet();
    }

    /** Event types a generated rule may test: those marketers may name, and Herald's own scheduled-campaign event. */
    static Set<String> ruleEventTypes() {
        Set<String> names = new TreeSet<>(EVENTS.keySet());
        names.add(CAMPAIGN_SCHEDULED);
        return names;
    }

    /** Names a journey step may wait for, or a journey exit on: every event type and every journey signal. */
    public static Set<String> journeySignals() {
        Set<String> names = new TreeSet<>(EVENTS.keySet());
        names.addAll(JOURNEY_SIGNALS);
        return names;
    }

    public static Optional<AttributeType> eventAttribute(String eventType, String attribute) {
        return Optional.ofNullable(EVENTS.getOrDefault(eventType, Map.of()).get(attribute));
    }

    public static Set<String> eventAttributes(String eventType) {
        return new TreeMap<>(EVENTS.getOrDefault(eventType, Map.of())).keySet();
    }

    public static Optional<AttributeType> customerAttribute(String attribute) {
        return Optional.ofNullable(CUSTOMER.get(attribute));
    }

    public static Set<String> customerAttributes() {
        return new TreeMap<>(CUSTOMER).keySet();
    }
}
