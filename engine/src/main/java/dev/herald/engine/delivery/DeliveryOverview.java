package dev.herald.engine.delivery;

import dev.herald.engine.consent.Rows;
import dev.herald.engine.persistence.Transactions;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only figures of the outbox for the console: how many emails are queued, deferred (waiting for a retry or a
 * send-time gate such as quiet hours), sent, failed and suppressed; the latest emails with the last SMTP reply or
 * gate reason; the latest bounces; and the suppression list by reason.
 */
public final class DeliveryOverview {

    private final Transactions transactions;
    private final Clock clock;

    public DeliveryOverview(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Outbox counts: {@code queued} (pending and due now), {@code deferred} (pending, due later), {@code sent},
     * {@code failed}, {@code suppressed}; every key present, zero when none.
     */
    public Map<String, Long> counts() {
        Instant now = clock.instant();
        return transactions.inTransaction(em -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String key : List.of("queued", "deferred", "sent", "failed", "suppressed")) {
                out.put(key, 0L);
            }
            @SuppressWarnings("unchecked")
            // the parameter once, in a subquery: PostgreSQL sees each occurrence as its own parameter and would
            // not match the select's expression with the group by's
            List<Object[]> rows = em.createNativeQuery("select status, later, count(*) from (select status,"
                    + " case when status = 'PENDING' and next_attempt_at > ?1 then 1 else 0 end as later"
                    + " from outbox_message) o group by status, later")
                    .setParameter(1, now).getResultList();
            for (Object[] r : rows) {
                String status = Rows.text(r[0]);
                String key = "PENDING".equals(status) ? (((Number) r[1]).intValue() == 1 ? "deferred" : "queued")
                        : status.toLowerCase(java.util.Locale.ROOT);
                out.merge(key, ((Number) r[2]).longValue(), Long::sum);
            }
            return out;
        });
    }

    /**
     * One email of the outbox; {@code attempts} counts failed attempts, {@code lastReply} is the SMTP reply of the
     * last failed attempt or a gate's reason.
     */
    public record Send(long id, String campaign, String step, String variant, String customerId, String recipient,
                       String status, int attempts, Instant createdAt, Instant sentAt, Instant nextAttemptAt,
                       String lastReply) {
    }

    /** The latest {@code limit} emails, newest first; {@code status} (PENDING, SENT, ...) filters, null for all. */
    public List<Send> recent(String status, int limit) {
        return transactions.inTransaction(em -> {
            var q = em.createNativeQuery("select id, campaign, step, variant, customer_id, recipient, status,"
                    + " attempts, created_at, sent_at, next_attempt_at, last_error from outbox_message"
                    + (status == null ? "" : " where status = ?1") + " order by id desc");
            if (status != null) {
                q.setParameter(1, status);
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = q.setMaxResults(limit).getResultList();
            return rows.stream().map(r -> new Send(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                    (String) r[3], (String) r[4], (String) r[5], Rows.text(r[6]), ((Number) r[7]).intValue(),
                    Rows.instant(r[8]), Rows.instant(r[9]), Rows.instant(r[10]), (String) r[11])).toList();
        });
    }

    /** A bounce report; {@code address} is null once the customer was erased (only the hash remains). */
    public record Bounce(Instant receivedAt, String kind, String statusCode, String source, String diagnostic,
                         String address) {
    }

    public List<Bounce> bounces(int limit) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select b.received_at, b.kind, b.status_code, b.source,"
                    + " b.diagnostic, s.address from bounce_event b left join suppression s"
                    + " on s.address_hash = b.address_hash order by b.received_at desc, b.id desc")
                    .setMaxResults(limit).getResultList();
            return rows.stream().map(r -> new Bounce(Rows.instant(r[0]), Rows.text(r[1]), (String) r[2],
                    (String) r[3], (String) r[4], (String) r[5])).toList();
        });
    }

    /** Suppressed addresses by reason (BOUNCED, COMPLAINED, UNSUBSCRIBED, MANUAL). */
    public Map<String, Long> suppressions() {
        return transactions.inTransaction(em -> {
            Map<String, Long> out = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select reason, count(*) from suppression group by reason"
                    + " order by reason").getResultList();
            rows.forEach(r -> out.put(Rows.text(r[0]), ((Number) r[1]).longValue()));
            return out;
        });
    }
}
