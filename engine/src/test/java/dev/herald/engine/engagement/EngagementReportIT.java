package dev.herald.engine.engagement;

import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engagement report over a period and day by day, on real rows (H2 and PostgreSQL): a period counts the emails
 * queued in it and what those emails led to, whenever it happened; the daily figures count each day's sends, opens,
 * clicks and conversions, with quiet days as zeros.
 */
abstract class EngagementReportIT {

    static final LocalDate NOV_1 = LocalDate.parse("2026-11-01");

    HeraldDatabase db;
    long nextId = 1;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        // October: one newsletter, opened in November (an older email's open)
        long old = sent("newsletter", "A", "c1", "2026-10-20T09:00:00Z");
        engaged(old, "newsletter", "A", "OPEN", "2026-11-02T08:00:00Z", null);
        // November: three newsletters (two A, one B), one suppressed, one win-back
        long a1 = sent("newsletter", "A", "c2", "2026-11-02T09:00:00Z");
        long a2 = sent("newsletter", "A", "c3", "2026-11-02T09:05:00Z");
        long b1 = sent("newsletter", "B", "c4", "2026-11-04T10:00:00Z");
        suppressed("newsletter", "A", "c5", "2026-11-04T10:00:00Z");
        long w1 = sent("win-back", "A", "c6", "2026-11-04T11:00:00Z");
        engaged(a1, "newsletter", "A", "OPEN", "2026-11-02T10:00:00Z", null);
        engaged(a1, "newsletter", "A", "OPEN", "2026-11-03T10:00:00Z", null); // opened again: one email
        engaged(a1, "newsletter", "A", "CLICK", "2026-11-03T10:01:00Z", null);
        engaged(b1, "newsletter", "B", "OPEN", "2026-11-04T12:00:00Z", null);
        engaged(a2, "newsletter", "A", "UNSUBSCRIBE", "2026-11-02T12:00:00Z", null);
        engaged(a1, "newsletter", "A", "CONVERSION", "2026-11-05T09:00:00Z", new BigDecimal("42.50"));
        engaged(w1, "win-back", "A", "CONVERSION", "2026-11-05T09:30:00Z", new BigDecimal("10.00"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aPeriodCountsTheEmailsQueuedInItAndWhatTheyLedTo() {
        List<EngagementReport.Line> lines = EngagementReport.build(db.transactions(), null,
                NOV_1.atStartOfDay(ZoneOffset.UTC).toInstant());

        assertThat(lines).containsExactly(
                new EngagementReport.Line("newsletter", "A", 2, 1, 1, 1, 1, 1, new BigDecimal("42.5000")),
                new EngagementReport.Line("newsletter", "B", 1, 0, 1, 0, 0, 0, BigDecimal.ZERO),
                new EngagementReport.Line("win-back", "A", 1, 0, 0, 0, 0, 1, new BigDecimal("10.0000")));
        EngagementReport.Line total = EngagementReport.Line.total("all", lines);
        assertThat(total.sent()).isEqualTo(4);
        assertThat(total.openRate()).isEqualTo(0.5);
        assertThat(total.clickToOpenRate()).isEqualTo(0.5);
        assertThat(total.revenue()).isEqualByComparingTo("52.50");
    }

    @Test
    void aPeriodWithAnEndLeavesLaterEmailsOut() {
        List<EngagementReport.Line> october = EngagementReport.build(db.transactions(), null, null,
                NOV_1.atStartOfDay(ZoneOffset.UTC).toInstant());

        assertThat(october).containsExactly(new EngagementReport.Line("newsletter", "A", 1, 0, 1, 0, 0, 0,
                BigDecimal.ZERO));
    }

    @Test
    void withoutAPeriodEveryEmailCounts() {
        assertThat(EngagementReport.build(db.transactions(), "newsletter")).extracting(EngagementReport.Line::sent,
                EngagementReport.Line::opened).containsExactly(org.assertj.core.groups.Tuple.tuple(3L, 2L),
                org.assertj.core.groups.Tuple.tuple(1L, 1L));
    }

    @Test
    void dayByDayListsEveryDayWithItsSendsOpensClicksAndConversions() {
        List<EngagementReport.Day> days = EngagementReport.daily(db.transactions(), null, NOV_1,
                LocalDate.parse("2026-11-06"));

        assertThat(days).extracting(EngagementReport.Day::date).containsExactly(NOV_1, NOV_1.plusDays(1),
                NOV_1.plusDays(2), NOV_1.plusDays(3), NOV_1.plusDays(4), NOV_1.plusDays(5));
        assertThat(days.get(0)).isEqualTo(new EngagementReport.Day(NOV_1, 0, 0, 0, 0, 0, BigDecimal.ZERO));
        assertThat(days.get(1)).extracting(EngagementReport.Day::sent, EngagementReport.Day::opened,
                EngagementReport.Day::unsubscribed).containsExactly(2L, 2L, 1L); // the October email's open too
        assertThat(days.get(2)).extracting(EngagementReport.Day::opened, EngagementReport.Day::clicked)
                .containsExactly(1L, 1L);
        assertThat(days.get(3)).extracting(EngagementReport.Day::sent, EngagementReport.Day::opened)
                .containsExactly(2L, 1L);
        assertThat(days.get(4).conversions()).isEqualTo(2);
        assertThat(days.get(4).revenue()).isEqualByComparingTo("52.50");

        assertThat(EngagementReport.daily(db.transactions(), "win-back", NOV_1, LocalDate.parse("2026-11-06")))
                .extracting(EngagementReport.Day::sent).containsExactly(0L, 0L, 0L, 1L, 0L, 0L);
    }

    @Test
    void theMostClickedLinksOfACampaignsEmailsComeFirstEachEmailCountedOnce() {
        // outbox ids follow open(): 1 October's, 2 and 3 November's A, 4 November's B
        link(2, "https://shop.example/b", "2026-11-03T10:02:00Z");
        link(2, "https://shop.example/b", "2026-11-03T10:03:00Z"); // the same email again
        link(3, "https://shop.example/b", "2026-11-03T11:00:00Z");
        link(4, "https://shop.example/a", "2026-11-04T12:00:00Z");
        link(1, "https://shop.example/old", "2026-11-02T09:00:00Z"); // an October email

        assertThat(EngagementReport.topLinks(db.transactions(), "newsletter",
                NOV_1.atStartOfDay(ZoneOffset.UTC).toInstant(), 10)).containsExactly(
                new EngagementReport.Link("https://shop.example/b", 2),
                new EngagementReport.Link("https://shop.example/a", 1));
        assertThat(EngagementReport.topLinks(db.transactions(), "newsletter", null, 1)).containsExactly(
                new EngagementReport.Link("https://shop.example/b", 2));
    }

    @Test
    void aDailyReportCoversAtMostFourHundredDays() {
        assertThatThrownBy(() -> EngagementReport.daily(db.transactions(), null, NOV_1, NOV_1.plusDays(400)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 400 days");
        assertThatThrownBy(() -> EngagementReport.daily(db.transactions(), null, NOV_1, NOV_1.minusDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    void link(long outboxId, String url, String at) {
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into engagement_event (outbox_id,"
                        + " customer_id, campaign, variant, kind, occurred_at, url) values (?1, 'c', 'newsletter', 'A',"
                        + " 'CLICK', ?2, ?3)")
                .setParameter(1, outboxId).setParameter(2, Instant.parse(at).atOffset(ZoneOffset.UTC))
                .setParameter(3, url).executeUpdate());
    }

    long sent(String campaign, String variant, String customer, String at) {
        return outbox(campaign, variant, customer, at, "SENT");
    }

    void suppressed(String campaign, String variant, String customer, String at) {
        outbox(campaign, variant, customer, at, "SUPPRESSED");
    }

    private long outbox(String campaign, String variant, String customer, String at, String status) {
        long id = nextId++;
        var when = Instant.parse(at).atOffset(ZoneOffset.UTC);
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into outbox_message (id, campaign,"
                        + " customer_id, step, variant, event_id, template_key, recipient, model_json, status, attempts,"
                        + " claims, created_at, next_attempt_at, sent_at) values (?1, ?2, ?3, '1', ?4, ?5, 'welcome',"
                        + " ?6, '{}', ?7, 1, 1, ?8, ?8, " + (status.equals("SENT") ? "?8" : "null") + ")")
                .setParameter(1, id).setParameter(2, campaign).setParameter(3, customer).setParameter(4, variant)
                .setParameter(5, "evt-" + id).setParameter(6, customer + "@example.com").setParameter(7, status)
                .setParameter(8, when).executeUpdate());
        return id;
    }

    void engaged(long outboxId, String campaign, String variant, String kind, String at, BigDecimal revenue) {
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into engagement_event (outbox_id,"
                        + " customer_id, campaign, variant, kind, occurred_at, revenue) values (?1, 'c', ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, outboxId).setParameter(2, campaign).setParameter(3, variant).setParameter(4, kind)
                .setParameter(5, Instant.parse(at).atOffset(ZoneOffset.UTC))
                .setParameter(6, revenue == null ? BigDecimal.ZERO : revenue).executeUpdate());
    }
}
