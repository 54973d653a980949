package dev.herald.engine.audit;

import dev.herald.engine.consent.AuditLog;
import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log as the console pages it, on a real database: newest first, filters, a search text taken literally
 * (a {@code _} or {@code %} matches only itself), and pages. Runs on H2 and PostgreSQL.
 */
abstract class AuditTrailIT {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    HeraldDatabase db;
    AuditTrail trail;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        trail = new AuditTrail(db.transactions());
        db.transactions().inTransaction(em -> {
            AuditLog.record(em, "consent", "C1", "set", "console:mia", Map.of("status", "granted"), T0);
            AuditLog.record(em, "suppression", "hash1", "add", "recipient", Map.of(), T0.plusSeconds(1));
            AuditLog.record(em, "consent", "C2", "set", "console:max_b", Map.of(), T0.plusSeconds(2));
            AuditLog.record(em, "topics", "C1", "topic-optout", "preference page", Map.of("topic", "offers"),
                    T0.plusSeconds(3));
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void newestFirstWithKindActorAndRecordFilters() {
        assertThat(trail.page(new AuditTrail.Filter(null, null, null), 0, 10).lines())
                .extracting(AuditTrail.Line::action).containsExactly("topic-optout", "set", "add", "set");
        assertThat(trail.page(new AuditTrail.Filter("consent", null, null), 0, 10).lines())
                .extracting(AuditTrail.Line::entityId).containsExactly("C2", "C1");
        assertThat(trail.page(new AuditTrail.Filter(null, "MIA", null), 0, 10).lines())
                .extracting(AuditTrail.Line::entityId).containsExactly("C1");
        assertThat(trail.page(new AuditTrail.Filter(null, null, "c1"), 0, 10).lines())
                .extracting(AuditTrail.Line::kind).containsExactly("topics", "consent");
        assertThat(trail.page(new AuditTrail.Filter(null, null, null), 0, 10).lines().get(0).detail())
                .isEqualTo("{\"topic\":\"offers\"}");
        assertThat(trail.kinds()).containsExactly("consent", "suppression", "topics");
    }

    @Test
    void aSearchTextIsTakenLiterally() {
        assertThat(trail.page(new AuditTrail.Filter(null, "max_b", null), 0, 10).lines()).hasSize(1);
        assertThat(trail.page(new AuditTrail.Filter(null, "max%", null), 0, 10).lines()).isEmpty();
        assertThat(trail.page(new AuditTrail.Filter(null, "_", null), 0, 10).lines())
                .extracting(AuditTrail.Line::actor).containsExactly("console:max_b");
    }

    @Test
    void pagesSayWhetherOlderLinesFollow() {
        AuditTrail.Page first = trail.page(new AuditTrail.Filter(null, null, null), 0, 3);
        AuditTrail.Page second = trail.page(new AuditTrail.Filter(null, null, null), 1, 3);

        assertThat(first.lines()).hasSize(3);
        assertThat(first.more()).isTrue();
        assertThat(second.lines()).extracting(AuditTrail.Line::entityId).containsExactly("C1");
        assertThat(second.more()).isFalse();
    }
}
