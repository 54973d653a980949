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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select recency_days, frequency, monetary, r_score, f_score,"
                + " m_score from customer_rfm where customer_id = ?1").setParameter(1, customerId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        RfmModel.Values values = new RfmModel.Values(customerId, ((Number) r[0]).intValue(), ((Number) r[1]).intValue(),
                ((BigDecimal) r[2]).doubleValue());
        int rs = ((Number) r[3]).intValue();
        int fs = ((Number) r[4]).intValue();
        int ms = ((Number) r[5]).intValue();
        return Optional.of(new RfmModel.Scored(values, rs, fs, ms, RfmSegment.of(rs, fs, ms)));
    }
}
