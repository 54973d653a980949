package dev.herald.engine.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.audit.AuditEntry;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.customer.CustomerActivity;
import dev.herald.engine.event.ActivityEvent;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.CustomerIdentified;
import dev.herald.engine.identity.CustomerAttributes;
import dev.herald.engine.identity.IdentityKind;
import dev.herald.engine.identity.IdentityService;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the Segment-derived events change besides the profile's contact details, inside the event's
 * transaction: an identify's traits become attributes (source {@code identify}) and its consent updates
 * {@code consent_email} with source and time (audited); activity events append to the customer's timeline.
 */
final class ProfileEvents {

    /** Traits that name the customer's CRM record: they also become a CRM-id identity key. */
    static final String CRM_ID_TRAIT = "crm_id";

    private static final Logger LOG = LoggerFactory.getLogger(ProfileEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileEvents() {
    }

    static void apply(EntityManager em, IdentityService identities, Customer customer, CustomerEvent event,
                      Instant now) {
        if (event instanceof CustomerIdentified identified) {
            identify(em, identities, customer, identified, now);
        } else if (event instanceof ActivityEvent activity) {
            em.persist(new CustomerActivity(customer.id(), activity.eventId(), activity.type().wireName(),
                    activity.occurredAt(), compact(activity.detail())));
        }
    }

    private static void identify(EntityManager em, IdentityService identities, Customer customer,
                                 CustomerIdentified event, Instant now) {
        for (Map.Entry<String, Object> trait : event.traits().entrySet()) {
            Object value = trait.getValue();
            if (value instanceof BigDecimal number) {
                CustomerAttributes.put(em, customer.id(), trait.getKey(), null, number, "identify", event.occurredAt());
            } else {
                CustomerAttributes.put(em, customer.id(), trait.getKey(), String.valueOf(value), null, "identify",
                        event.occurredAt());
            }
            if (trait.getKey().equals(CRM_ID_TRAIT) || trait.getKey().equals("crmId")) {
                identities.link(em, IdentityKind.CRM_ID, String.valueOf(value), customer.id(),
                        "event:" + event.eventId(), now);
            }
        }
        event.consent().ifPresent(consent -> recordConsent(em, customer.id(), consent, event, now));
    }

    /** A stated consent replaces the stored one unless that one is newer (events may arrive late). */
    private static void recordConsent(EntityManager em, String customerId, CustomerIdentified.Consent consent,
                                      CustomerIdentified event, Instant now) {
        Optional<CustomerAttributes.Stored> stored = CustomerAttributes.read(em, customerId,
                CustomerAttributes.MARKETING_CONSENT);
        if (stored.isPresent() && stored.get().updatedAt() != null
                && stored.get().updatedAt().isAfter(event.occurredAt())) {
            LOG.info("consent in event {} is older than the one on record for customer {}; kept the newer",
                    event.eventId(), customerId);
            return;
        }
        String value = Boolean.toString(consent.marketing());
        boolean changed = stored.isEmpty() || stored.get().grants() != consent.marketing();
        CustomerAttributes.put(em, customerId, CustomerAttributes.MARKETING_CONSENT, value, null, consent.source(),
                event.occurredAt());
        if (changed) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("channel", "email");
            detail.put("granted", consent.marketing());
            detail.put("source", consent.source());
            detail.put("statedAt", event.occurredAt().toString());
            stored.ifPresent(s -> detail.put("previous", s.grants()));
            em.persist(new AuditEntry(now, "event:" + event.eventId(), "consent", "customer", customerId,
                    "marketing consent " + (consent.marketing() ? "granted" : "withdrawn") + " via "
                            + consent.source(), compact(detail)));
        }
    }

    /** The detail as JSON, cut to what the column holds (the parser's limits keep it well under). */
    static String compact(Map<String, Object> detail) {
        try {
            String json = JSON.writeValueAsString(detail);
            if (json.length() <= CustomerActivity.MAX_DETAIL) {
                return json;
            }
            // a long checkout: keep every field but the item list, and say how many items there were
            Map<String, Object> shorter = new LinkedHashMap<>(detail);
            Object items = shorter.remove("items");
            shorter.put("itemCount", items instanceof java.util.Collection<?> c ? c.size() : 0);
            json = JSON.writeValueAsString(shorter);
            return json.length() <= CustomerActivity.MAX_DETAIL ? json
                    : JSON.writeValueAsString(Map.of("truncated", true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("activity detail is not serialisable", e);
        }
    }
}
