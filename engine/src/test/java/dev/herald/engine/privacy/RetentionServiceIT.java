package dev.herald.engine.privacy;

import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data retention on a real database (ADR 0078): activity events, opens and clicks and bounce reports older than the
 * period are deleted and finished emails' and ended journeys' contents emptied, in batches; newer rows, conversions,
 * unsubscribes, waiting emails and running journeys stay; a dry run only counts; a run is audited. Runs on H2 and PostgreSQL.
 */
abstract class RetentionServiceIT {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final Duration KEEP = Duration.ofDays(365);

    HeraldDatabase db;
    RetentionService retention;
    long ids = 100;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        retention = new RetentionService(db.transactions(), 2); // batches of 2 rows: several per kind
        for (int daysAgo : new int[]{400, 500, 600, 10}) {
            activity(daysAgo);
            engagement("OPEN", daysAgo);
            engagement("CLICK", daysAgo);
            bounce(daysAgo);
        }
        engagement("CONVERSION", 500);
        engagement("UNSUBSCRIBE", 500);
        email("SENT", 400);
        email("SENT", 500);
        email("SUPPRESSED", 450);
        email("PENDING", 400); // still waiting: kept whole
        email("SENT", 10);
        journey("COMPLETED", 400);
        journey("ACTIVE", 400); // still running: its contents are what its next email is made of
        journey("EXITED", 10);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aDryRunCountsWhatWouldGoAndChangesNothing() {
        RetentionService.Result dry = retention.apply(KEEP, NOW, true, "tester");

        assertThat(dry.rows()).containsExactly(Map.entry("activity events", 3L), Map.entry("opens and clicks", 6L),
                Map.entry("bounce and complaint reports", 3L), Map.entry("email contents emptied", 3L),
                Map.entry("journey contents emptied", 1L));
        assertThat(db.count("customer_activity")).isEqualTo(4);
        assertThat(db.count("audit_log")).isZero();
    }

    @Test
    void oldBehaviouralDataGoesInBatchesAndWhatHeraldMustKeepStays() {
        RetentionService.Result result = retention.apply(KEEP, NOW, false, "tester");

        assertThat(result.total()).isEqualTo(16);
        assertThat(db.count("customer_activity")).isEqualTo(1);
        assertThat(db.rows("select kind from engagement_event order by kind")).extracting(r -> r.get("kind").toString()
                .strip()).containsExactly("CLICK", "CONVERSION", "OPEN", "UNSUBSCRIBE");
        assertThat(db.count("bounce_event")).isEqualTo(1);
        assertThat(db.rows("select status, model_json from outbox_message order by id"))
                .extracting(r -> r.get("status") + " " + r.get("model_json"))
                .containsExactly("SENT {}", "SENT {}", "SUPPRESSED {}", "PENDING {\"customer\":{\"firstName\":\"Ann\"}}",
                        "SENT {\"customer\":{\"firstName\":\"Ann\"}}");
        assertThat(db.rows("select status, model_json from journey_instance order by id"))
                .extracting(r -> r.get("status") + " " + r.get("model_json"))
                .containsExactly("COMPLETED {}", "ACTIVE {\"customer\":{\"firstName\":\"Ann\"}}",
                        "EXITED {\"customer\":{\"firstName\":\"Ann\"}}");
        assertThat(db.row("select actor, action, entity_kind from audit_log")).containsEntry("actor", "tester")
                .containsEntry("action", "purge").containsEntry("entity_kind", "retention");

        assertThat(retention.apply(KEEP, NOW, false, "tester").total()).as("nothing left to remove").isZero();
        assertThat(db.count("audit_log")).as("an empty run is not audited").isEqualTo(1);
    }

    @Test
    void aPeriodShorterThanWhatHeraldReadsBackIsRefused() {
        assertThatThrownBy(() -> retention.apply(Duration.ofDays(30), NOW, false, "tester"))
                .hasMessageContaining("at least 90 days");
    }

    private static OffsetDateTime ago(int days) {
        return NOW.minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC);
    }

    private void activity(int daysAgo) {
        db.update("insert into customer_activity (id, customer_id, event_id, kind, occurred_at, detail_json) values"
                + " (?, 'c1', ?, 'page_viewed', ?, '{}')", ++ids, "evt-" + ids, ago(daysAgo));
    }

    private void engagement(String kind, int daysAgo) {
        db.update("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind, occurred_at) values"
                + " (1, 'c1', 'news', 'A', ?, ?)", kind, ago(daysAgo));
    }

    private void bounce(int daysAgo) {
        db.update("insert into bounce_event (address_hash, kind, source, received_at) values (?, 'HARD', 'webhook', ?)",
                "h".repeat(64), ago(daysAgo));
    }

    private void journey(String status, int daysAgo) {
        long id = ++ids;
        db.update("insert into journey_instance (id, campaign, customer_id, entry_number, current_step, status,"
                + " trigger_event_id, trigger_at, model_json, started_at, updated_at, version) values (?, 'onboarding',"
                + " ?, 1, 'day-3', ?, ?, ?, '{\"customer\":{\"firstName\":\"Ann\"}}', ?, ?, 0)", id, "c" + id, status,
                "e" + id, ago(daysAgo), ago(daysAgo), ago(daysAgo));
    }

    private void email(String status, int daysAgo) {
        long id = ++ids;
        db.update("insert into outbox_message (id, campaign, customer_id, step, variant, event_id, template_key,"
                + " recipient, model_json, status, attempts, claims, created_at, next_attempt_at) values (?, 'news', ?,"
                + " '1', 'A', ?, 'welcome', 'c@example.com', '{\"customer\":{\"firstName\":\"Ann\"}}', ?, 1, 1, ?, ?)",
                id, "c" + id, "e" + id, status, ago(daysAgo), ago(daysAgo));
    }
}
