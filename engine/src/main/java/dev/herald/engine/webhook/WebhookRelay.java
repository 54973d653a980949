package dev.herald.engine.webhook;

import dev.herald.engine.consent.Rows;
import dev.herald.engine.persistence.Transactions;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a shop's own systems what became of Herald's emails (ADR 0068): every email sent, and every open, click,
 * unsubscribe and conversion, in order, in batches. The events are read straight from the rows Herald keeps anyway
 * ({@code outbox_message} once sent, {@code engagement_event}); {@code webhook_relay} holds only the relay's place in
 * them, moved after the receiver answered 2xx. So a receiver that is down loses nothing (the batch is offered again
 * with back-off), and a receiver sees an event twice only when its 2xx did not reach Herald: each event carries a
 * stable {@code id} to drop repeats by.
 *
 * <p>Rows are read only once they are {@link #SETTLE} old, so a transaction that committed a smaller id a moment
 * after a larger one is not passed over. One node relays at a time, under a lease. Addresses are never sent: the
 * customer id identifies the recipient.
 */
public final class WebhookRelay {

    /** How old a row must be before it is relayed: longer than any transaction that writes one. */
    public static final Duration SETTLE = Duration.ofSeconds(5);
    static final Duration LEASE = Duration.ofMinutes(1);
    static final Duration MAX_BACK_OFF = Duration.ofMinutes(5);
    private static final int ROW = 1;

    /** One event as the receiver gets it. */
    public record Event(String id, String type, Instant at, String customerId, String campaign, String variant,
                        long outboxId, String url, BigDecimal revenue) {

        /** The event as JSON-ready map; absent values left out. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("type", type);
            m.put("at", at.toString());
            m.put("customerId", customerId);
            m.put("campaign", campaign);
            m.put("variant", variant);
            m.put("outboxId", outboxId);
            if (url != null) {
                m.put("url", url);
            }
            if (revenue != null) {
                m.put("revenue", revenue);
            }
            return m;
        }
    }

    /** A batch to deliver and where the streams stand after it. */
    public record Batch(List<Event> events, Instant sentAfterAt, long sentAfterId, long engagementAfter) {
    }

    /** Where the relay is: events delivered so far, failures in a row, the last error, when it tries again. */
    public record Status(long delivered, int failures, String lastError, Instant nextAttemptAt) {
    }

    private final Transactions transactions;
    private final Clock clock;
    private final String owner;

    public WebhookRelay(Transactions transactions, Clock clock, String owner) {
        this.transactions = transactions;
        this.clock = clock;
        this.owner = owner;
    }

    /**
     * The next batch of at most {@code max} events, leased to this relay; empty when there is none, another node
     * holds the lease, or the relay waits after a failure. The first call on a database starts the streams at
     * the newest rows: history from before webhooks were set up is not sent.
     */
    public Optional<Batch> next(int max) {
        Instant now = clock.instant();
        return transactions.inTransaction(em -> {
            List<?> found = em.createNativeQuery("select sent_after_at, sent_after_id, engagement_after,"
                    + " next_attempt_at, lease_owner, lease_until from webhook_relay where id = ?1 for update")
                    .setParameter(1, ROW).getResultList();
            if (found.isEmpty()) {
                start(em, now);
                return Optional.<Batch>empty();
            }
            Object[] r = (Object[]) found.get(0);
            Instant nextAttempt = Rows.instant(r[3]);
            Instant leaseUntil = Rows.instant(r[5]);
            boolean leasedElsewhere = r[4] != null && !owner.equals(r[4]) && leaseUntil != null
                    && leaseUntil.isAfter(now);
            if (leasedElsewhere || nextAttempt.isAfter(now)) {
                return Optional.<Batch>empty();
            }
            Instant sentAt = Rows.instant(r[0]);
            long sentId = ((Number) r[1]).longValue();
            long engagementId = ((Number) r[2]).longValue();
            Instant settled = now.minus(SETTLE);
            List<Event> events = new ArrayList<>();
            @SuppressWarnings("unchecked")
            List<Object[]> sent = em.createNativeQuery("select id, sent_at, customer_id, campaign, variant"
                            + " from outbox_message where status = 'SENT' and sent_at < ?1 and (sent_at > ?2"
                            + " or (sent_at = ?2 and id > ?3)) order by sent_at, id")
                    .setParameter(1, settled.atOffset(ZoneOffset.UTC)).setParameter(2, sentAt.atOffset(ZoneOffset.UTC))
                    .setParameter(3, sentId).setMaxResults(max).getResultList();
            for (Object[] s : sent) {
                long id = ((Number) s[0]).longValue();
                Instant at = Rows.instant(s[1]);
                events.add(new Event("sent:" + id, "email_sent", at, (String) s[2], (String) s[3], (String) s[4],
                        id, null, null));
                sentAt = at;
                sentId = id;
            }
            @SuppressWarnings("unchecked")
            List<Object[]> engaged = events.size() >= max ? List.of() : em.createNativeQuery("select id, occurred_at,"
                            + " customer_id, campaign, variant, outbox_id, kind, url, revenue from engagement_event"
                            + " where id > ?1 and occurred_at < ?2 order by id")
                    .setParameter(1, engagementId).setParameter(2, settled.atOffset(ZoneOffset.UTC))
                    .setMaxResults(max - events.size()).getResultList();
            for (Object[] e : engaged) {
                long id = ((Number) e[0]).longValue();
                events.add(new Event("engagement:" + id, "email_" + past((String) e[6]), Rows.instant(e[1]),
                        (String) e[2], (String) e[3], (String) e[4], ((Number) e[5]).longValue(), (String) e[7],
                        e[8] == null ? null : new BigDecimal(e[8].toString())));
                engagementId = id;
            }
            if (events.isEmpty()) {
                return Optional.<Batch>empty();
            }
            em.createNativeQuery("update webhook_relay set lease_owner = ?1, lease_until = ?2 where id = ?3")
                    .setParameter(1, owner).setParameter(2, now.plus(LEASE).atOffset(ZoneOffset.UTC))
                    .setParameter(3, ROW).executeUpdate();
            return Optional.of(new Batch(List.copyOf(events), sentAt, sentId, engagementId));
        });
    }

    /**
     * Starts the streams at the newest rows now on record, unless they have started before: called when Herald starts
     * with webhooks on, so what happens from then on is relayed and the history before is not.
     */
    public void startStreams() {
        Instant now = clock.instant();
        transactions.inTransaction(em -> {
            if (em.createNativeQuery("select id from webhook_relay where id = ?1").setParameter(1, ROW)
                    .getResultList().isEmpty()) {
                start(em, now);
            }
            return null;
        });
    }

    /** The receiver took the batch (2xx): the streams move past it. */
    public void delivered(Batch batch) {
        Instant now = clock.instant();
        transactions.inTransaction(em -> em.createNativeQuery("update webhook_relay set sent_after_at = ?1,"
                        + " sent_after_id = ?2, engagement_after = ?3, delivered = delivered + ?4, failures = 0,"
                        + " last_error = null, next_attempt_at = ?5, lease_owner = null, lease_until = null where id = ?6")
                .setParameter(1, batch.sentAfterAt().atOffset(ZoneOffset.UTC)).setParameter(2, batch.sentAfterId())
                .setParameter(3, batch.engagementAfter()).setParameter(4, (long) batch.events().size())
                .setParameter(5, now.atOffset(ZoneOffset.UTC)).setParameter(6, ROW).executeUpdate());
    }

    /**
     * The receiver refused the batch or could not be reached: nothing moves, and the same events are offered again
     * after 2, 4, 8 ... seconds, at most {@link #MAX_BACK_OFF} apart.
     */
    public void failed(String error) {
        Instant now = clock.instant();
        transactions.inTransaction(em -> {
            Number failures = (Number) em.createNativeQuery("select failures from webhook_relay where id = ?1")
                    .setParameter(1, ROW).getSingleResult();
            int n = failures.intValue() + 1;
            Duration wait = Duration.ofSeconds(1L << Math.min(n, 16));
            if (wait.compareTo(MAX_BACK_OFF) > 0) {
                wait = MAX_BACK_OFF;
            }
            String reason = error == null ? "unknown error" : error.length() > 1000 ? error.substring(0, 1000) : error;
            return em.createNativeQuery("update webhook_relay set failures = ?1, last_error = ?2, next_attempt_at = ?3,"
                            + " lease_owner = null, lease_until = null where id = ?4")
                    .setParameter(1, n).setParameter(2, reason).setParameter(3, now.plus(wait).atOffset(ZoneOffset.UTC))
                    .setParameter(4, ROW).executeUpdate();
        });
    }

    /** Where the relay is, or empty before its first run. */
    public Optional<Status> status() {
        return transactions.inTransaction(em -> {
            List<?> found = em.createNativeQuery("select delivered, failures, last_error, next_attempt_at"
                    + " from webhook_relay where id = ?1").setParameter(1, ROW).getResultList();
            if (found.isEmpty()) {
                return Optional.<Status>empty();
            }
            Object[] r = (Object[]) found.get(0);
            return Optional.of(new Status(((Number) r[0]).longValue(), ((Number) r[1]).intValue(), (String) r[2],
                    Rows.instant(r[3])));
        });
    }

    /** The streams start at the newest rows now on record. */
    private static void start(jakarta.persistence.EntityManager em, Instant now) {
        Object[] sent = (Object[]) em.createNativeQuery("select max(sent_at), max(id) from outbox_message"
                + " where status = 'SENT'").getSingleResult();
        Number engagement = (Number) em.createNativeQuery("select max(id) from engagement_event").getSingleResult();
        Instant sentAt = sent[0] == null ? Instant.EPOCH : Rows.instant(sent[0]);
        long sentId = sent[1] == null ? 0 : ((Number) sent[1]).longValue();
        em.createNativeQuery("insert into webhook_relay (id, sent_after_at, sent_after_id, engagement_after,"
                        + " delivered, failures, next_attempt_at) values (?1, ?2, ?3, ?4, 0, 0, ?5)")
                .setParameter(1, ROW).setParameter(2, sentAt.atOffset(ZoneOffset.UTC)).setParameter(3, sentId)
                .setParameter(4, engagement == null ? 0L : engagement.longValue())
                .setParameter(5, now.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** OPEN → opened, CLICK → clicked, UNSUBSCRIBE → unsubscribed, CONVERSION → converted. */
    private static String past(String kind) {
        return switch (kind) {
            case "OPEN" -> "opened";
            case "CLICK" -> "clicked";
            case "UNSUBSCRIBE" -> "unsubscribed";
            case "CONVERSION" -> "converted";
            default -> kind.toLowerCase(Locale.ROOT);
        };
    }
}
