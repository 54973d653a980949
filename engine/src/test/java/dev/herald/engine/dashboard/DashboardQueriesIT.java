package dev.herald.engine.dashboard;

import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's numbers from rows placed at known times. Runs on H2 and PostgreSQL (subclasses): the per-minute
 * series uses {@code EXTRACT(EPOCH ...)}, which must mean the same on both.
 */
abstract class DashboardQueriesIT {

    static final Instant NOW = Instant.parse("2026-11-23T07:30:20Z");

    HeraldDatabase db;
    DashboardQueries queries;
    final AtomicInteger ids = new AtomicInteger();

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        queries = new DashboardQueries(db.transactions(), new MutableClock(NOW));
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void countsTheLastMinutesEventsAndEmailsAndTheTotals() {
        event(NOW.minusSeconds(10));
        event(NOW.minusSeconds(59));
        event(NOW.minusSeconds(61));
        event(NOW.minusSeconds(3600));
        email("SENT", NOW.minusSeconds(5));
        email("SENT", NOW.minusSeconds(30));
        email("SENT", NOW.minusSeconds(120));
        email("PENDING", null);
        email("FAILED", null);
        email("SUPPRESSED", null);
        email("SUPPRESSED", null);

        DashboardQueries.Snapshot s = queries.snapshot();

        assertThat(s.eventsLastMinute()).isEqualTo(2);
        assertThat(s.emailsLastMinute()).isEqualTo(2);
        assertThat(s.eventsPerSecond()).isEqualTo(2 / 60.0);
        assertThat(s.eventsTotal()).isEqualTo(4);
        assertThat(s.emailsSent()).isEqualTo(3);
        assertThat(s.emailsQueued()).isEqualTo(1);
        assertThat(s.emailsFailed()).isEqualTo(1);
        assertThat(s.emailsSuppressed()).isEqualTo(2);
        assertThat(s.customers()).isZero();
    }

    @Test
    void emailsPerMinuteCoversTheLastHourOldestFirstWithTheCurrentMinuteLast() {
        email("SENT", Instant.parse("2026-11-23T07:30:01Z"));   // the minute in progress
        email("SENT", Instant.parse("2026-11-23T07:30:15Z"));
        email("SENT", Instant.parse("2026-11-23T07:29:59Z"));   // the minute before
        email("SENT", Instant.parse("2026-11-23T06:31:00Z"));   // the oldest minute shown
        email("SENT", Instant.parse("2026-11-23T06:30:59Z"));   // just outside the hour

        long[] series = queries.emailsPerMinute();

        assertThat(series).hasSize(DashboardQueries.SERIES_MINUTES);
        assertThat(series[59]).isEqualTo(2);
        assertThat(series[58]).isEqualTo(1);
        assertThat(series[0]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(series).sum()).isEqualTo(4);
    }

    private void event(Instant at) {
        int id = ids.incrementAndGet();
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into processed_event"
                        + " (event_id, event_type, customer_id, decisions, processed_at) values (?1, 'x', 'c', 0, ?2)")
                .setParameter(1, "e" + id).setParameter(2, at).executeUpdate());
    }

    private void email(String status, Instant sentAt) {
        int id = ids.incrementAndGet();
        db.transactions().inTransaction(em -> {
            var insert = em.createNativeQuery("insert into outbox_message (id, campaign, customer_id, step, variant,"
                            + " event_id, template_key, recipient, model_json, status, attempts, created_at,"
                            + " next_attempt_at, sent_at) values (?1, 'welcome', ?2, 's', 'A', 'e', 'welcome',"
                            + " 'a@example.com', '{}', ?3, 0, ?4, ?4, " + (sentAt == null ? "null" : "?5") + ")")
                    .setParameter(1, (long) id).setParameter(2, "c" + id).setParameter(3, status)
                    .setParameter(4, NOW.minusSeconds(7200));
            if (sentAt != null) {
                insert.setParameter(5, sentAt);
            }
            return insert.executeUpdate();
        });
    }
}
