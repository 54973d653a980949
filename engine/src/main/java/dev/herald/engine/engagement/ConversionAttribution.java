package dev.herald.engine.engagement;

import dev.herald.engine.consent.Rows;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.herald.engine.persistence.NativeQueries.synchronizedOn;

/**
 * Attributes an order to the email that most plausibly caused it, for every campaign (experiments attribute
 * theirs separately, from the exposure, in {@code ExperimentService}): the customer's last click within
 * the attribution window before the order ({@link #DEFAULT_WINDOW} unless configured,
 * {@code herald.engagement.conversion-window}), else the last email sent to them within it. Written in the order's event
 * transaction, so a redelivered order event attributes nothing twice.
 *
 * <p>The candidates (clicks and sends) are read per customer and time range and chosen in memory, so a batch of
 * events reads them once for all its orders ({@link #touchesOf}, ADR 0040): the event pipeline itself never
 * writes a click or a sent email, only conversions and queued emails.
 */
public final class ConversionAttribution {

    /** How long after a send or click an order still counts as its conversion, unless configured otherwise. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    /** Latest first; on equal times the later row first, as the report has always ordered them. */
    private static final Comparator<Touch> LATEST_FIRST =
            Comparator.comparing(Touch::at).thenComparingLong(Touch::rowId).reversed();

    private ConversionAttribution() {
    }

    /**
     * A click on, or the sending of, an outbox message: what an order can be attributed to.
     *
     * @param rowId the click's engagement row id, or the message's id for a send (orders ties as the queries did)
     */
    public record Touch(long outboxId, String campaign, String variant, Instant at, long rowId, boolean click) {
    }

    /** Writes the order's conversion against {@code touch}, if there is one; returns the message attributed to. */
    public static Optional<Long> recordConversion(EntityManager em, String customerId, String orderId,
                                                  BigDecimal total, Instant orderedAt, Optional<Touch> touch) {
        if (touch.isEmpty()) {
            return Optional.empty();
        }
        Touch t = touch.get();
        synchronizedOn(em.createNativeQuery("insert into engagement_event (outbox_id, customer_id, campaign, variant,"
                        + " kind, order_id, revenue, occurred_at) values (?1, ?2, ?3, ?4, 'CONVERSION', ?5, ?6, ?7)"),
                "engagement_event")
                .setParameter(1, t.outboxId()).setParameter(2, customerId).setParameter(3, t.campaign())
                .setParameter(4, t.variant()).setParameter(5, orderId).setParameter(6, total)
                .setParameter(7, orderedAt).executeUpdate();
        return Optional.of(t.outboxId());
    }

    /**
     * Every click and every send of the customers named between {@code from} and {@code to} (both included), by
     * customer, in one statement. It declares the two tables it reads, so it flushes only pending writes to them.
     */
    public static Map<String, List<Touch>> touchesOf(EntityManager em, Collection<String> customerIds, Instant from,
                                                     Instant to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = synchronizedOn(em.createNativeQuery("select e.customer_id, e.outbox_id, e.campaign,"
                        + " e.variant, e.occurred_at, e.id, 1 from engagement_event e where e.customer_id in (:customers)"
                        + " and e.kind = 'CLICK' and e.occurred_at between :from and :to"
                        + " union all select m.customer_id, m.id, m.campaign, m.variant, m.sent_at, m.id, 0"
                        + " from outbox_message m where m.customer_id in (:customers) and m.status = 'SENT'"
                        // a sent message always has sent_at; through coalesce, H2 (2.5) looks the customers up in
                        // outbox_customer_sent instead of scanning the whole index for an IN list plus a range
                        + " and coalesce(m.sent_at, m.created_at) between :from and :to"),
                "engagement_event", "outbox_message")
                .setParameter("customers", customerIds).setParameter("from", from).setParameter("to", to)
                .getResultList();
        Map<String, List<Touch>> byCustomer = new HashMap<>();
        for (Object[] row : rows) {
            byCustomer.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add(new Touch(
                    ((Number) row[1]).longValue(), (String) row[2], (String) row[3], Rows.instant(row[4]),
                    ((Number) row[5]).longValue(), ((Number) row[6]).intValue() == 1));
        }
        return byCustomer;
    }

    /** The touch an order at {@code orderedAt} is attributed to: the last click in the window, else the last send. */
    public static Optional<Touch> lastTouch(Collection<Touch> touches, Instant orderedAt, Duration window) {
        Instant from = orderedAt.minus(window);
        List<Touch> inWindow = touches.stream()
                .filter(t -> !t.at().isBefore(from) && !t.at().isAfter(orderedAt)).sorted(LATEST_FIRST).toList();
        return inWindow.stream().filter(Touch::click).findFirst().or(() -> inWindow.stream().findFirst());
    }
}
