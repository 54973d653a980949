package dev.herald.engine.engagement;

import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Attributes an order to the email that most plausibly caused it, for every campaign (experiments attribute
 * theirs separately, from the exposure, in {@code ExperimentService}): the customer's last click within
 * the attribution window before the order ({@link #DEFAULT_WINDOW} unless configured,
 * {@code herald.engagement.conversion-window}), else the last email sent to them within it. Written in the order's event
 * transaction, so a redelivered order event attributes nothing twice.
 */
public final class ConversionAttribution {

    /** How long after a send or click an order still counts as its conversion, unless configured otherwise. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    private ConversionAttribution() {
    }

    /** @return the outbox message the order was attributed to, if any */
    public static Optional<Long> recordOrder(EntityManager em, String customerId, String orderId, BigDecimal total,
                                             Instant orderedAt, Duration window) {
        Instant from = orderedAt.minus(window);
        @SuppressWarnings("unchecked")
        List<Object[]> clicked = em.createNativeQuery("select e.outbox_id, e.campaign, e.variant from engagement_event e"
                        + " where e.customer_id = ?1 and e.kind = 'CLICK' and e.occurred_at between ?2 and ?3"
                        + " order by e.occurred_at desc, e.id desc")
                .setParameter(1, customerId).setParameter(2, from).setParameter(3, orderedAt)
                .setMaxResults(1).getResultList();
        List<Object[]> touch = clicked;
        if (touch.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> sent = em.createNativeQuery("select m.id, m.campaign, m.variant from outbox_message m"
                            + " where m.customer_id = ?1 and m.status = 'SENT' and m.sent_at between ?2 and ?3"
                            + " order by m.sent_at desc, m.id desc")
                    .setParameter(1, customerId).setParameter(2, from).setParameter(3, orderedAt)
                    .setMaxResults(1).getResultList();
            touch = sent;
        }
        if (touch.isEmpty()) {
            return Optional.empty();
        }
        Object[] t = touch.get(0);
        long outboxId = ((Number) t[0]).longValue();
        em.createNativeQuery("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind, order_id,"
                        + " revenue, occurred_at) values (?1, ?2, ?3, ?4, 'CONVERSION', ?5, ?6, ?7)")
                .setParameter(1, outboxId).setParameter(2, customerId).setParameter(3, t[1]).setParameter(4, t[2])
                .setParameter(5, orderId).setParameter(6, total).setParameter(7, orderedAt).executeUpdate();
        return Optional.of(outboxId);
    }
}
