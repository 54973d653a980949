package dev.herald.engine.segment;

import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What the rules may read about a customer's segments, inside the event's transaction: every stored
 * membership (scheme, segment, since) and the latest RFM scores. For the decision enrichment step.
 */
public final class SegmentLookup {

    private SegmentLookup() {
    }

    /** The customer's memberships in every scheme, e.g. ("rfm", "At risk", since). */
    public static List<SegmentMembership> segmentsOf(EntityManager em, String customerId) {
        return em.createQuery("select m from SegmentMembership m where m.customerId = :customer order by m.scheme",
                SegmentMembership.class).setParameter("customer", customerId).getResultList();
    }

    /** The customer's stored RFM values and scores, if a computation has scored them. */
    public static Optional<RfmModel.Scored> rfmOf(EntityManager em, String customerId) {
        return Optional.ofNullable(rfmOf(em, List.of(customerId)).get(customerId));
    }

    /**
     * The segments of several customers in one query (a batch's decisions, ADR 0038), by customer id, each as
     * scheme → segment in scheme order; a customer without a membership is absent. Native SQL: Hibernate translates
     * an HQL query with a list parameter anew on every execution, a native one only has its list expanded
     * (ADR 0041).
     */
    public static java.util.Map<String, java.util.SortedMap<String, String>> segmentsBySchemeOf(
            EntityManager em, java.util.Collection<String> customerIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select customer_id, scheme, segment from segment_membership"
                + " where customer_id in (:customers)").setParameter("customers", customerIds).getResultList();
        java.util.Map<String, java.util.SortedMap<String, String>> out = new java.util.HashMap<>();
        for (Object[] row : rows) {
            out.computeIfAbsent((String) row[0], id -> new java.util.TreeMap<>()).put((String) row[1], (String) row[2]);
        }
        return out;
    }

    /** The stored RFM scores of several customers in one query, by customer id; unscored ones are absent. */
    public static java.util.Map<String, RfmModel.Scored> rfmOf(EntityManager em,
                                                               java.util.Collection<String> customerIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select customer_id, recency_days, frequency, monetary, r_score,"
                        + " f_score, m_score from customer_rfm where customer_id in (:customers)")
                .setParameter("customers", customerIds).getResultList();
        java.util.Map<String, RfmModel.Scored> out = new java.util.HashMap<>();
        for (Object[] r : rows) {
            String customerId = (String) r[0];
            RfmModel.Values values = new RfmModel.Values(customerId, ((Number) r[1]).intValue(),
                    ((Number) r[2]).intValue(), ((BigDecimal) r[3]).doubleValue());
            int rs = ((Number) r[4]).intValue();
            int fs = ((Number) r[5]).intValue();
            int ms = ((Number) r[6]).intValue();
            out.put(customerId, new RfmModel.Scored(values, rs, fs, ms, RfmSegment.of(rs, fs, ms)));
        }
        return out;
    }
}
