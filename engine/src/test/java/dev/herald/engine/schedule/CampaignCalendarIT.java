package dev.herald.engine.schedule;

import dev.herald.engine.schedule.CampaignCalendar.Entry;
import dev.herald.engine.schedule.CampaignCalendar.Kind;
import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign calendar on a real database: per day, the emails sent, those waiting for their time (overdue ones on
 * today), the journey steps due, and the campaigns at a set time with their run's outcome, including a run of a
 * campaign no longer scheduled. Runs on H2 and PostgreSQL.
 */
abstract class CampaignCalendarIT {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant BLACK_FRIDAY = Instant.parse("2026-11-27T09:00:00Z");

    HeraldDatabase db;
    long ids = 1000;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        outbox("newsletter", "SENT", "2026-11-03T08:00:00Z");
        outbox("newsletter", "SENT", "2026-11-03T21:00:00Z");
        outbox("welcome", "SENT", "2026-11-20T12:00:00Z");
        outbox("newsletter", "SENT", "2026-10-31T23:00:00Z"); // the month before
        outbox("digest", "PENDING", "2026-11-27T09:00:00Z");
        outbox("welcome", "PENDING", "2026-11-24T18:00:00Z"); // overdue: shown on today
        db.update("insert into journey_instance (id, campaign, customer_id, entry_number, current_step, status,"
                + " wake_at, trigger_event_id, trigger_at, model_json, started_at, updated_at, version) values (1,"
                + " 'onboarding', 'c1', 1, 'day-3', 'ACTIVE', ?, 'e1', ?, '{}', ?, ?, 0)",
                at("2026-11-28T09:00:00Z"), at("2026-11-25T09:00:00Z"), at("2026-11-25T09:00:00Z"),
                at("2026-11-25T09:00:00Z"));
        db.update("insert into scheduled_run (id, campaign, send_at, outcome, started_at, finished_at, customers,"
                + " decided, emails) values (1, 'spring-sale', ?, 'DONE', ?, ?, 300, 120, 120)",
                at("2026-11-10T09:00:00Z"), at("2026-11-10T09:00:01Z"), at("2026-11-10T09:05:00Z"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eachDayShowsWhatWasSentWhatWaitsTheJourneyStepsAndTheScheduledCampaigns() {
        CampaignCalendar calendar = new CampaignCalendar(db.transactions(),
                () -> List.of(new ScheduledCampaigns.Scheduled("black-friday", BLACK_FRIDAY)));

        List<Entry> entries = calendar.between(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), NOW);

        assertThat(entries).extracting(e -> e.day() + " " + e.kind() + " " + e.campaign() + " " + e.count()
                        + (e.outcome() == null ? "" : " " + e.outcome()))
                .containsExactly(
                        "2026-11-03 SENT newsletter 2",
                        "2026-11-10 SCHEDULED spring-sale 120 DONE",
                        "2026-11-20 SENT welcome 1",
                        "2026-11-25 WAITING welcome 1",
                        "2026-11-27 WAITING digest 1",
                        "2026-11-27 SCHEDULED black-friday 0",
                        "2026-11-28 JOURNEY onboarding 1");
        assertThat(entries.get(5).at()).isEqualTo(BLACK_FRIDAY);
    }

    @Test
    void aPastMonthLeavesOverdueEmailsToToday() {
        CampaignCalendar calendar = new CampaignCalendar(db.transactions(), ScheduledCampaigns.NONE);

        assertThat(calendar.between(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), NOW))
                .extracting(e -> e.day() + " " + e.kind() + " " + e.campaign() + " " + e.count())
                .containsExactly("2026-10-31 SENT newsletter 1");
    }

    private void outbox(String campaign, String status, String when) {
        long id = ++ids;
        db.update("insert into outbox_message (id, campaign, customer_id, step, variant, event_id, template_key,"
                + " recipient, model_json, status, attempts, claims, created_at, next_attempt_at, sent_at) values (?, ?,"
                + " ?, '1', 'A', ?, 'welcome', ?, '{}', ?, 1, 1, ?, ?, ?)", id, campaign, "c" + id, "e" + id,
                "c" + id + "@example.com", status, at(when), at(when), status.equals("SENT") ? at(when) : null);
    }

    private static java.time.OffsetDateTime at(String instant) {
        return Instant.parse(instant).atOffset(ZoneOffset.UTC);
    }
}
