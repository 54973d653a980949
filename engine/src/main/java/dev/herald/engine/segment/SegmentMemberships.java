package dev.herald.engine.segment;

import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps stored membership in step with newly computed segments, inside the caller's transaction: a customer
 * whose segment is unchanged keeps their {@code since}; a change moves them and writes a {@link SegmentChange}
 * (the segment-changed event) in the same transaction.
 */
public final class SegmentMemberships {

    private SegmentMemberships() {
    }

    /**
     * @param segments customer id → segment, for the customers just (re)computed; others are left as they are
     * @return the changes written, in customer order of {@code segments}
     */
    public static List<SegmentChange> apply(EntityManager em, String scheme, Map<String, String> segments, Instant now) {
        Map<String, SegmentMembership> current = new HashMap<>();
        if (segments.size() == 1) {
            String id = segments.keySet().iterator().next();
            SegmentMembership one = em.find(SegmentMembership.class, new SegmentMembership.Key(id, scheme));
            if (one != null) {
                current.put(id, one);
            }
        } else {
            em.createQuery("select m from SegmentMembership m where m.scheme = :scheme", SegmentMembership.class)
                    .setParameter("scheme", scheme).getResultList()
                    .forEach(m -> current.put(m.customerId(), m));
        }
        List<SegmentChange> changes = new ArrayList<>();
        segments.forEach((customerId, segment) -> {
            SegmentMembership existing = current.get(customerId);
            if (existing == null) {
                em.persist(new SegmentMembership(customerId, scheme, segment, now));
                changes.add(new SegmentChange(customerId, scheme, null, segment, now));
            } else if (!existing.segment().equals(segment)) {
                changes.add(new SegmentChange(customerId, scheme, existing.segment(), segment, now));
                existing.moveTo(segment, now);
            }
        });
        changes.forEach(em::persist);
        return changes;
    }

    /**
     * Segment-changed events after {@code afterId}, oldest first, at most {@code max}: the feed a campaign
     * trigger polls, remembering the last id it handled (like the outbox dispatcher does with its rows).
     */
    public static List<SegmentChange> changesAfter(EntityManager em, long afterId, int max) {
        return em.createQuery("select c from SegmentChange c where c.id > :after order by c.id", SegmentChange.class)
                .setParameter("after", afterId).setMaxResults(max).getResultList();
    }

    /** The customer's stored segment in {@code scheme}, or null. */
    public static SegmentMembership of(EntityManager em, String customerId, String scheme) {
        return em.find(SegmentMembership.class, new SegmentMembership.Key(customerId, scheme));
    }
}
