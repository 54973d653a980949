package dev.herald.engine.dashboard;

import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The console dashboard's numbers, read from the database every process shares (so they are the same on every
 * node): events processed and emails sent in the last minute (from {@code processed_event.processed_at} and
 * {@code outbox_message.sent_at}, both indexed by V10), emails sent per minute over the last hour ({@link #emailsPerMinute()}), and totals.
 */
public final class DashboardQueries {

    /** Minutes in the emails-per-minute series. */
    public static final int SERIES_MINUTES = 60;

    /** What the dashboard shows; rates are per second averaged over the last full minute. */
    public record Snapshot(Instant at, long eventsLastMinute, long emailsLastMinute, long eventsTotal,
                           long emailsSent, long emailsQueued, long emailsFailed, long emailsSuppressed,
                           long customers) {

        public double eventsPerSecond() {
            return eventsLastMinute / 60.0;
        }

        public double emailsPerSecond() {
            return emailsLastMinute / 60.0;
        }
    }

    private final Transactions transactions;
    private final Clock clock;

    public DashboardQueries(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    public Snapshot snapshot() {
        Instant now = clock.instant();
        Instant minuteAgo = now.minus(Duration.ofMinutes(1));
        return transactions.inTransaction(em -> {
            long events = count(em, "select count(*) from processed_event where processed_at > ?1", minuteAgo);
            long emails = count(em, "select count(*) from outbox_message where sent_at > ?1", minuteAgo);
            long eventsTotal = count(em, "select count(*) from processed_event");
            long[] byStatus = new long[4];
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                    "select status, count(*) from outbox_message group by status").getResultList();
            for (Object[] row : rows) {
                switch (String.valueOf(row[0]).strip()) {
                    case "SENT" -> byStatus[0] = ((Number) row[1]).longValue();
                    case "PENDING" -> byStatus[1] = ((Number) row[1]).longValue();
                    case "FAILED" -> byStatus[2] = ((Number) row[1]).longValue();
                    case "SUPPRESSED" -> byStatus[3] = ((Number) row[1]).longValue();
                    default -> {
                        // a status added later is not shown here
                    }
                }
            }
            long customers = count(em, "select count(*) from customer");
            return new Snapshot(now, events, emails, eventsTotal, byStatus[0], byStatus[1], byStatus[2], byStatus[3],
                    customers);
        });
    }

    /**
     * Emails sent in each of the last {@link #SERIES_MINUTES} whole minutes, oldest first; the last entry is the
     * minute in progress. Counted by the database per minute (at most 60 rows come back), over an index range.
     */
    public long[] emailsPerMinute() {
        Instant now = clock.instant();
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant start = end.minus(Duration.ofMinutes(SERIES_MINUTES));
        long firstMinute = start.getEpochSecond() / 60;
        long[] series = new long[SERIES_MINUTES];
        transactions.inTransaction(em -> {
            // EXTRACT(EPOCH ...) is the same on H2 2.x and PostgreSQL: seconds since 1970 of the instant
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select floor(extract(epoch from sent_at) / 60), count(*)"
                            + " from outbox_message where sent_at >= ?1 and sent_at < ?2"
                            + " group by floor(extract(epoch from sent_at) / 60)")
                    .setParameter(1, start).setParameter(2, end).getResultList();
            for (Object[] row : rows) {
                int minute = (int) (((Number) row[0]).longValue() - firstMinute);
                if (minute >= 0 && minute < SERIES_MINUTES) {
                    series[minute] += ((Number) row[1]).longValue();
                }
            }
            return null;
        });
        return series;
    }

    private static long count(EntityManager em, String sql, Object... parameters) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return ((Number) query.getSingleResult()).longValue();
    }
}
