package dev.herald.engine.application;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.DecisionContext;
import dev.herald.engine.decision.RecentSend;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.decision.RfmScore;
import dev.herald.engine.decision.SegmentMembership;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.CheckoutStarted;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.event.PageViewed;
import dev.herald.engine.event.ProductActivity;
import dev.herald.engine.event.SegmentChanged;
import dev.herald.engine.segment.SegmentLookup;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the rules may know about a customer beyond the profile, inside the event's transaction (so it
 * includes a segment change the same event just caused): segment memberships, RFM scores, the country and
 * other stored attributes, marketing consents, the campaign emails already queued or sent (frequency caps), and
 * the event's own attributes.
 *
 * <p>Consent is what is on record, nothing more: the customer's consent records ({@code consent_record}, the one
 * consent store, ADR 0034; identify events and {@code herald import customers} write there); no record means no
 * consent stated. Attributes named {@code consent_*} are not consent and not shown to the rules.
 */
final class DecisionContextLoader {

    static final String CONSENT_PREFIX = "consent_";

    private DecisionContextLoader() {
    }

    static DecisionContext load(EntityManager em, String customerId, CustomerEvent event) {
        return load(em, customerId, event, List.of());
    }

    /** As above, with the customer's current recommendation scores (from the recommendation engine). */
    static DecisionContext load(EntityManager em, String customerId, CustomerEvent event,
                                List<RecommendationScore> recommendations) {
        Map<String, Object> attributes = new HashMap<>();
        String country = "";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select name, text_value, number_value from customer_attribute"
                + " where customer_id = ?1").setParameter(1, customerId).getResultList();
        for (Object[] row : rows) {
            String name = (String) row[0];
            Object value = row[1] != null ? (Object) row[1] : row[2];
            if (value == null) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(CONSENT_PREFIX)) {
                continue; // consent lives in consent_record (V15 moved the old consent_* attributes there)
            } else if (lower.equals("country") && value instanceof String text) {
                country = text;
            } else {
                attributes.put(name, value);
            }
        }
        List<SegmentMembership> segments = SegmentLookup.segmentsOf(em, customerId).stream()
                .map(m -> new SegmentMembership(customerId, m.segment())).toList();
        RfmScore rfm = SegmentLookup.rfmOf(em, customerId)
                .map(s -> new RfmScore(customerId, s.r(), s.f(), s.m())).orElse(null);
        // consent records (source and time, double opt-in); a suppressed address denies email
        List<ConsentFact> consents = dev.herald.engine.consent.ConsentService.decisionFacts(em, customerId);
        return new DecisionContext(country, attributes, eventAttributes(event), segments, rfm, recommendations, consents,
                recentSends(em, customerId));
    }

    /**
     * The customer's campaign emails on record, queued or sent (a failed one never reached them), for frequency
     * caps. The outbox holds at most one row per campaign, step and variant, so this stays small.
     */
    private static List<RecentSend> recentSends(EntityManager em, String customerId) {
        return em.createQuery("select m.campaign, coalesce(m.sentAt, m.createdAt) from OutboxMessage m"
                        + " where m.customerId = :customer and m.status <> :failed", Object[].class)
                .setParameter("customer", customerId).setParameter("failed", OutboxMessage.Status.FAILED)
                .getResultList().stream()
                .map(row -> new RecentSend(customerId, (String) row[0], (Instant) row[1])).toList();
    }

    /** The event's attributes by vocabulary name (the order total is added by the rule side from the facts). */
    static Map<String, Object> eventAttributes(CustomerEvent event) {
        Map<String, Object> attributes = new HashMap<>();
        if (event instanceof OrderCompleted order) {
            attributes.put("currency", order.currency());
            attributes.put("item_count", BigDecimal.valueOf(order.items().stream()
                    .mapToLong(OrderCompleted.OrderItem::quantity).sum()));
        } else if (event instanceof SegmentChanged change) {
            attributes.put("scheme", change.scheme());
            if (change.fromSegment() != null) {
                attributes.put("from_segment", change.fromSegment());
            }
            attributes.put("to_segment", change.toSegment());
        } else if (event instanceof ProductActivity product) {
            attributes.put("product_id", product.productId());
            if (product.price() != null) {
                attributes.put("price", product.price());
            }
            attributes.put("quantity", BigDecimal.valueOf(product.quantity()));
        } else if (event instanceof CheckoutStarted checkout) {
            attributes.put("currency", checkout.currency());
            attributes.put("cart_total", checkout.total());
            attributes.put("item_count", BigDecimal.valueOf(checkout.items().stream()
                    .mapToLong(OrderCompleted.OrderItem::quantity).sum()));
        } else if (event instanceof PageViewed page) {
            attributes.put("page_name", page.pageName());
        }
        return attributes;
    }
}
