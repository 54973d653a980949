package dev.herald.engine.application;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.DecisionContext;
import dev.herald.engine.decision.RecentSend;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.decision.RfmScore;
import dev.herald.engine.decision.SegmentMembership;
import dev.herald.engine.event.CampaignScheduled;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.CheckoutStarted;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.event.PageViewed;
import dev.herald.engine.event.ProductActivity;
import dev.herald.engine.event.SegmentChanged;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.engine.segment.RfmService;
import dev.herald.engine.segment.SegmentLookup;
import dev.herald.engine.consent.Rows;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.herald.engine.persistence.NativeQueries.synchronizedOn;

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

    private static final SortedMap<String, String> EMPTY_SEGMENTS = java.util.Collections.emptySortedMap();

    private DecisionContextLoader() {
    }

    static DecisionContext load(EntityManager em, String customerId, CustomerEvent event) {
        return load(em, customerId, event, List.of());
    }

    /** As above, with the customer's current recommendation scores (from the recommendation engine). */
    static DecisionContext load(EntityManager em, String customerId, CustomerEvent event,
                                List<RecommendationScore> recommendations) {
        StoredFacts stored = storedFacts(em, List.of(customerId)).get(customerId);
        // consent records (source and time, double opt-in); a suppressed address denies email
        return stored.context(event, recommendations,
                stored.consentFacts(dev.herald.engine.consent.ConsentService.addressSuppressed(em, customerId)));
    }

    /**
     * What is stored about a customer that the rules read, apart from the address's suppression: attributes and
     * country, segments, RFM, consent records and the campaign emails on record. Read for many customers at once
     * by {@link #storedFacts}; {@link BatchReads} keeps them for a batch of events (ADR 0038).
     */
    record StoredFacts(String customerId, String country, Map<String, Object> attributes,
                       SortedMap<String, String> segmentByScheme, RfmScore rfm,
                       List<dev.herald.engine.consent.ConsentService.Consent> consents,
                       List<RecentSend> recentSends, java.util.Set<String> topicsLeft) {

        /**
         * What the rules know of the customer's consent: the consent records (an address on the suppression list
         * denies email), and each subscription topic they left as a denied {@code topic:ID} (ADR 0063).
         */
        List<ConsentFact> consentFacts(boolean addressSuppressed) {
            List<ConsentFact> facts = new java.util.ArrayList<>(dev.herald.engine.consent.ConsentService.decisionFacts(
                    customerId, consents, addressSuppressed));
            topicsLeft.forEach(topic -> facts.add(new ConsentFact(customerId,
                    dev.herald.engine.consent.TopicPreferences.CONSENT_CHANNEL_PREFIX + topic, false)));
            return facts;
        }

        /** The same customer with segments and RFM read again now (an order's refresh may have moved them). */
        StoredFacts withSegmentsReadAgain(EntityManager em) {
            List<String> ids = List.of(customerId);
            return new StoredFacts(customerId, country, attributes,
                    SegmentLookup.segmentsBySchemeOf(em, ids).getOrDefault(customerId, EMPTY_SEGMENTS),
                    rfmScore(customerId, SegmentLookup.rfmOf(em, ids).get(customerId)), consents, recentSends,
                    topicsLeft);
        }

        /**
         * The same customer after an order's segment refresh that knows what it wrote (ADR 0041): its RFM score and
         * RFM membership replace the stored ones, the other schemes stay; nothing written leaves the facts as they
         * were. No statement is run.
         */
        StoredFacts afterRefresh(OrderSegmentRefresh.Written written) {
            if (!written.known()) {
                throw new IllegalArgumentException("an unknown refresh must be read back, not applied");
            }
            if (written.rfm() == null) {
                return this;
            }
            SortedMap<String, String> segments = new TreeMap<>(segmentByScheme);
            segments.put(RfmService.SCHEME, written.rfm().segment().label());
            return new StoredFacts(customerId, country, attributes, segments, rfmScore(customerId, written.rfm()),
                    consents, recentSends, topicsLeft);
        }

        DecisionContext context(CustomerEvent event, List<RecommendationScore> recommendations,
                                List<ConsentFact> consentFacts) {
            List<SegmentMembership> memberships = segmentByScheme.values().stream()
                    .map(segment -> new SegmentMembership(customerId, segment)).toList();
            return new DecisionContext(country, attributes, eventAttributes(event), memberships, rfm, recommendations,
                    consentFacts, recentSends);
        }
    }

    /** The stored facts of every customer named, one query per kind of fact; a customer unknown gets empty ones. */
    static Map<String, StoredFacts> storedFacts(EntityManager em, java.util.Collection<String> customerIds) {
        Map<String, Map<String, Object>> attributes = new HashMap<>();
        Map<String, String> countries = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select customer_id, name, text_value, number_value"
                + " from customer_attribute where customer_id in (:customers)")
                .setParameter("customers", customerIds).getResultList();
        for (Object[] row : rows) {
            String customerId = (String) row[0];
            String name = (String) row[1];
            Object value = row[2] != null ? (Object) row[2] : row[3];
            if (value == null) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(CONSENT_PREFIX)) {
                continue; // consent lives in consent_record (V15 moved the old consent_* attributes there)
            } else if (lower.equals("country") && value instanceof String text) {
                countries.put(customerId, text);
            } else {
                attributes.computeIfAbsent(customerId, id -> new HashMap<>()).put(name, value);
            }
        }
        Map<String, SortedMap<String, String>> segments = SegmentLookup.segmentsBySchemeOf(em, customerIds);
        Map<String, dev.herald.engine.segment.RfmModel.Scored> rfm = SegmentLookup.rfmOf(em, customerIds);
        Map<String, List<dev.herald.engine.consent.ConsentService.Consent>> consents =
                dev.herald.engine.consent.ConsentService.consentsOf(em, customerIds);
        Map<String, List<RecentSend>> sends = recentSends(em, customerIds);
        Map<String, java.util.Set<String>> topicsLeft =
                dev.herald.engine.consent.TopicPreferences.optedOut(em, customerIds);
        Map<String, StoredFacts> facts = new HashMap<>();
        for (String id : customerIds) {
            facts.put(id, new StoredFacts(id, countries.getOrDefault(id, ""),
                    attributes.getOrDefault(id, new HashMap<>()), segments.getOrDefault(id, EMPTY_SEGMENTS),
                    rfmScore(id, rfm.get(id)), consents.getOrDefault(id, List.of()), sends.getOrDefault(id, List.of()),
                    topicsLeft.getOrDefault(id, java.util.Set.of())));
        }
        return facts;
    }

    private static RfmScore rfmScore(String customerId, dev.herald.engine.segment.RfmModel.Scored scored) {
        return scored == null ? null : new RfmScore(customerId, scored.r(), scored.f(), scored.m());
    }

    /**
     * The customers' campaign emails on record, queued or sent (a failed one never reached them), for frequency
     * caps. The outbox holds at most one row per campaign, step and variant, so this stays small. Native SQL that
     * declares its table: an HQL IN list is translated again on every execution, once per batch (ADR 0044).
     */
    private static Map<String, List<RecentSend>> recentSends(EntityManager em, java.util.Collection<String> ids) {
        Map<String, List<RecentSend>> out = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = synchronizedOn(em.createNativeQuery("select customer_id, campaign,"
                        + " coalesce(sent_at, created_at) from outbox_message where customer_id in (:customers)"
                        + " and status <> :failed"), "outbox_message")
                .setParameter("customers", ids).setParameter("failed", OutboxMessage.Status.FAILED.name())
                .getResultList();
        rows.forEach(row -> out.computeIfAbsent((String) row[0], id -> new ArrayList<>())
                .add(new RecentSend((String) row[0], (String) row[1], Rows.instant(row[2]))));
        return out;
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
        } else if (event instanceof CampaignScheduled scheduled) {
            attributes.put("campaign", scheduled.campaign());
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
