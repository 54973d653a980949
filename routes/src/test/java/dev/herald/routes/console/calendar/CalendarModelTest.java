package dev.herald.routes.console.calendar;

import dev.herald.engine.schedule.CampaignCalendar.Entry;
import dev.herald.engine.schedule.CampaignCalendar.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calendar page's month: whole weeks from Monday, the days around the month greyed and empty, today marked, each
 * day's lines in words, and the month's totals.
 */
class CalendarModelTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    @SuppressWarnings("unchecked")
    void aMonthIsWholeWeeksFromMondayWithTodayMarkedAndOnlyItsOwnDaysFilled() {
        Map<String, Object> model = CalendarModule.model(YearMonth.of(2026, 11), List.of(
                new Entry(LocalDate.of(2026, 11, 3), Kind.SENT, "newsletter", 1200, null, null),
                new Entry(LocalDate.of(2026, 11, 25), Kind.WAITING, "welcome", 4, null, null)), TODAY);

        List<Map<String, Object>> weeks = weeks(model);
        assertThat(weeks).hasSize(6); // 26 Oct (Mon) .. 6 Dec (Sun)
        assertThat(day(weeks, 0, 0)).containsEntry("date", "2026-10-26").containsEntry("number", 26);
        assertThat((String) day(weeks, 0, 0).get("classes")).contains("other").contains("past");
        assertThat(day(weeks, 5, 6)).containsEntry("date", "2026-12-06");
        assertThat((String) day(weeks, 4, 2).get("classes")).isEqualTo(" today"); // Wed 25 Nov
        assertThat(day(weeks, 1, 1).get("entries")).asList().singleElement().satisfies(chip ->
                assertThat((Map<String, Object>) chip).containsEntry("kind", "sent")
                        .containsEntry("text", "1,200 sent").containsEntry("href", "/campaigns/newsletter"));
        assertThat(model).containsEntry("title", "November 2026").containsEntry("previous", "2026-10")
                .containsEntry("next", "2026-12").containsEntry("thisMonth", null).containsEntry("totals", "1,200 emails"
                        + " sent · 4 waiting for their time · 0 journey steps due · 0 campaigns at a set time")
                .containsEntry("empty", false);
    }

    @Test
    void eachKindOfLineSaysWhatItCounts() {
        assertThat(CalendarModule.chip(new Entry(TODAY, Kind.JOURNEY, "onboarding", 1, null, null)))
                .containsEntry("text", "1 journey step");
        assertThat(CalendarModule.chip(new Entry(TODAY, Kind.SCHEDULED, "black friday", 0,
                Instant.parse("2026-11-25T09:30:00Z"), null))).containsEntry("text", "at 09:30")
                .containsEntry("href", "/campaigns/black%20friday");
        assertThat(CalendarModule.chip(new Entry(TODAY, Kind.SCHEDULED, "spring-sale", 120,
                Instant.parse("2026-11-10T09:00:00Z"), "DONE"))).containsEntry("text", "at 09:00, done: 120 queued");
        assertThat(CalendarModule.chip(new Entry(TODAY, Kind.SCHEDULED, "late", 0,
                Instant.parse("2026-11-10T09:00:00Z"), "MISSED"))).containsEntry("text", "at 09:00, missed");
        assertThat(CalendarModule.model(YearMonth.of(2027, 1), List.of(), TODAY))
                .containsEntry("thisMonth", "2026-11").containsEntry("empty", true);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> weeks(Map<String, Object> model) {
        return (List<Map<String, Object>>) model.get("weeks");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> day(List<Map<String, Object>> weeks, int week, int weekday) {
        return ((List<Map<String, Object>>) weeks.get(week).get("days")).get(weekday);
    }
}
