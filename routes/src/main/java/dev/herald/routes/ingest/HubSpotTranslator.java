package dev.herald.routes.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a HubSpot-style contact webhook (a JSON array of notifications, as HubSpot's webhooks API sends) into
 * {@code customer_identified} events: {@code contact.creation} identifies the contact, {@code contact.propertyChange}
 * carries one changed property — {@code email} becomes the email, {@code hs_email_optout} becomes marketing consent
 * (opted out = no consent, source {@code hubspot}), anything else becomes a trait. Other subscription types are
 * answered 200 and reported as ignored.
 *
 * <p>Customer id: {@code "hubspot:" + objectId}; event id: {@code "hubspot-" + eventId}, so a redelivered
 * notification is processed once.
 */
public final class HubSpotTranslator {

    /** Largest webhook body: 512 KiB. */
    public static final int MAX_BODY_BYTES = SegmentTranslator.MAX_EVENT_BYTES;
    static final int MAX_NOTIFICATIONS = 1000;
    static final String EMAIL_OPT_OUT = "hs_email_optout";

    private final Clock clock;

    public HubSpotTranslator(Clock clock) {
        this.clock = clock;
    }

    public Translation translate(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw IngestRejection.tooLarge("body is " + body.length + " bytes, over the limit of " + MAX_BODY_BYTES
                    + " bytes");
        }
        JsonNode root = StrictJson.readObject(body);
        if (!root.isArray()) {
            throw IngestRejection.badRequest("body must be a JSON array of notifications, got " + StrictJson.kind(root));
        }
        if (root.size() > MAX_NOTIFICATIONS) {
            throw IngestRejection.badRequest("body holds " + root.size() + " notifications, over the limit of "
                    + MAX_NOTIFICATIONS);
        }
        List<InternalEvent> events = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String where = "[" + i + "]";
            JsonNode n = root.get(i);
            if (!n.isObject()) {
                throw IngestRejection.badRequest("notification " + where + " must be an object, got " + StrictJson.kind(n));
            }
            Fields f = new Fields(n, where);
            String subscription = f.line("subscriptionType", 100);
            if (!subscription.equals("contact.creation") && !subscription.equals("contact.propertyChange")) {
                f.id("eventId");
                ignored.add(where + ": subscription type " + Safe.quote(subscription) + " is not used by Herald");
                continue;
            }
            String eventId = f.id("eventId");
            String objectId = f.id("objectId");
            if (eventId.isEmpty()) {
                throw IngestRejection.badRequest("missing field '" + where + ".eventId'");
            }
            if (objectId.isEmpty()) {
                throw IngestRejection.badRequest("missing field '" + where + ".objectId'");
            }
            Instant at = occurredAt(n, where);
            InternalEventBuilder event = new InternalEventBuilder(InternalTypes.CUSTOMER_IDENTIFIED,
                    "hubspot-" + eventId, "hubspot:" + objectId, null, at);
            ObjectNode traits = StrictJson.MAPPER.createObjectNode();
            if (subscription.equals("contact.propertyChange")) {
                String property = f.line("propertyName", Fields.MAX_ID_LENGTH);
                if (property.isEmpty()) {
                    throw IngestRejection.badRequest("missing field '" + where + ".propertyName'");
                }
                String value = f.line("propertyValue", SegmentTranslator.MAX_TRAIT_VALUE_LENGTH);
                if (property.equals("email")) {
                    event.put("email", f.email("propertyValue"));
                } else if (property.equals(EMAIL_OPT_OUT)) {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!v.equals("true") && !v.equals("false")) {
                        throw IngestRejection.badRequest("field '" + where + ".propertyValue' of " + EMAIL_OPT_OUT
                                + " must be true or false, got " + Safe.quote(value));
                    }
                    ObjectNode consent = StrictJson.MAPPER.createObjectNode();
                    consent.put("marketing", v.equals("false"));
                    consent.put("source", "hubspot");
                    event.set("consent", consent);
                } else {
                    traits.put(property, value);
                }
            }
            events.add(event.set("traits", traits).build(where));
        }
        return new Translation(events, ignored);
    }

    private Instant occurredAt(JsonNode n, String where) {
        JsonNode at = n.get("occurredAt");
        if (at == null || at.isNull()) {
            return clock.instant();
        }
        if (!at.isIntegralNumber() || !at.canConvertToLong() || at.longValue() < 0) {
            throw IngestRejection.badRequest("field '" + where + ".occurredAt' must be milliseconds since 1970, got "
                    + Safe.text(at.toString(), 40));
        }
        return Instant.ofEpochMilli(at.longValue());
    }
}
