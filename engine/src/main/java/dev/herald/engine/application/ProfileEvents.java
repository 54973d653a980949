package dev.herald.engine.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.audit.AuditEntry;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.customer.CustomerActivity;
import dev.herald.engine.event.ActivityEvent;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.CustomerIdentified;
import dev.herald.engine.consent.ConsentService;
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
 * transaction: an identify's traits become attributes (source {@code identify}) and its consent becomes the
 * customer's email consent record with source and time (audited); activity events append to the customer's timeline.
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

    /**
     * A stated consent becomes the customer's consent record (source and the event's time) unless the record is
     * newer (events may arrive late); a change is audited with the event as actor.
     */
    private static void recordConsent(EntityManager em, String customerId, CustomerIdentified.Consent consent,
                                      CustomerIdentified event, Instant now) {
        Optional<ConsentService.Consent> previous = ConsentService.find(em, customerId, ConsentService.EMAIL);
        ConsentService.Outcome outcome = ConsentService.state(em, customerId, ConsentService.EMAIL,
                consent.marketing(), consent.source(), event.occurredAt());
        if (outcome == ConsentService.Outcome.NEWER_ON_RECORD) {
            LOG.info("consent in event {} is older than the one on record for customer {}; kept the newer",
                    event.eventId(), customerId);
            return;
        }
        if (outcome == ConsentService.Outcome.CHANGED) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("channel", ConsentService.EMAIL);
            detail.put("granted", consent.marketing());
            detail.put("source", consent.source());
            detail.put("statedAt", event.occurredAt().toString());
            previous.ifPresent(p -> detail.put("previous", p.status() == ConsentService.Status.GRANTED));
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
