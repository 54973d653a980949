package dev.herald.engine.experiment.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden content of the HTML report: what a marketer reads, and that it is self-contained and escaped. */
class AbReportHtmlTest {

    private static AbReport issueExample() {
        return new AbReportBuilder().build(new AbInput("A", 0.05, "click", 0.10, 0.8, null, List.of(
                new AbInput.Variant("A", 10000, 2100, 0.5, null, List.of()),
                new AbInput.Variant("B", 10000, 2230, 0.5, null, List.of()))));
    }

    @Test
    void states_the_result_in_one_sentence_a_marketer_can_act_on() {
        String html = new AbReportHtml().write(issueExample());
        assertThat(html).contains("Variant B lifts the click rate by 6.2 % (95 % CI 0.6 %–11.8 %), p = 0.026"
                + " (sequential, valid at any look: p = 0.377); 98.7 % chance to beat control; no sample-ratio problem.");
        assertThat(html).contains("Variant B beats control A at the 5 % significance level: roll it out.");
        assertThat(html).contains("<section class=\"verdict good\"");
    }

    @Test
    void holds_the_rate_chart_with_whiskers_the_table_and_no_warning() {
        String html = new AbReportHtml().write(issueExample());
        assertThat(html).contains("<svg class=\"chart\"").contains("class=\"whisker\"")
                .contains("21.0 % [20.2 %–21.8 %]").contains("22.3 % [21.5 %–23.1 %]")
                .contains("<td>10,000</td><td>2,230</td><td>22.3 %</td><td>21.5 %–23.1 %</td>")
                .contains("No warnings").doesNotContain("class=\"warning\"");
    }

    @Test
    void is_self_contained_with_no_script_and_no_external_resource() {
        String html = new AbReportHtml().write(issueExample());
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("http://")
                .doesNotContain("https://").doesNotContain("<link").doesNotContain("src=");
    }

    @Test
    void warns_about_sample_ratio_mismatch_and_early_peeking() {
        AbReport srm = new AbReportBuilder().build(AbInput.of("A", List.of(AbInput.Variant.of("A", 10000, 1000),
                AbInput.Variant.of("B", 10600, 1080))));
        String html = new AbReportHtml().write(srm);
        assertThat(html).contains("data-code=\"sample_ratio_mismatch\"").contains("Do not act on this test yet")
                .contains("verdict bad").contains("sample-ratio mismatch, do not trust this result.");

        AbReport early = new AbReportBuilder().build(new AbInput("A", 0.05, "conversion", 0.05, 0.8, null, List.of(
                AbInput.Variant.of("A", 3000, 300), AbInput.Variant.of("B", 3000, 370))));
        assertThat(early.comparisons().get(0).significant(0.05)).isTrue();
        assertThat(new AbReportHtml().write(early)).contains("data-code=\"early_peeking\"")
                .contains("keep it running before rolling out");

        AbReport underpowered = new AbReportBuilder().build(AbInput.of("A", List.of(
                AbInput.Variant.of("A", 500, 50), AbInput.Variant.of("B", 500, 55))));
        assertThat(new AbReportHtml().write(underpowered)).contains("data-code=\"underpowered\"");
    }

    @Test
    void an_early_winner_by_the_sequential_test_may_be_rolled_out_without_a_peeking_warning() {
        AbReport early = new AbReportBuilder().build(AbInput.of("A", List.of(AbInput.Variant.of("A", 3000, 300),
                AbInput.Variant.of("B", 3000, 420))));
        assertThat(early.planning().smallestArm()).isLessThan(early.planning().targetUsersPerArm());
        assertThat(early.comparisons().get(0).significantSequentially(0.05)).isTrue();
        assertThat(early.sequentialWinner().variant()).isEqualTo("B");
        assertThat(early.headline()).isEqualTo("Variant B beats control A at the 5 % significance level by the"
                + " sequential test, which stays valid however often the report is read: roll it out.");
        assertThat(early.warnings()).extracting(AbReport.Warning::code).doesNotContain("early_peeking");
        assertThat(new AbReportHtml().write(early)).contains("<th title=\"always-valid: holds however often the"
                + " report is read\">Sequential p</th>").contains("verdict good");
    }

    @Test
    void an_early_fixed_sample_winner_waits_for_the_plan_or_the_sequential_test() {
        AbReport early = new AbReportBuilder().build(new AbInput("A", 0.05, "conversion", 0.05, 0.8, null, List.of(
                AbInput.Variant.of("A", 3000, 300), AbInput.Variant.of("B", 3000, 370))));
        assertThat(early.comparisons().get(0).significant(0.05)).isTrue();
        assertThat(early.comparisons().get(0).significantSequentially(0.05)).isFalse();
        assertThat(early.sequentialWinner()).isNull();
        assertThat(early.headline()).contains("has not reached its planned sample yet, and the sequential test is"
                + " not significant yet: keep it running");
        assertThat(early.warnings()).filteredOn(w -> w.code().equals("early_peeking")).singleElement()
                .extracting(AbReport.Warning::message).asString().contains("or until the sequential test is significant");
    }

    @Test
    void an_unfinished_test_says_how_many_more_days_the_last_weeks_pace_needs() {
        java.time.LocalDate last = java.time.LocalDate.parse("2026-11-24");
        java.util.List<AbInput.Day> daily = new java.util.ArrayList<>();
        // 30 days: 50 a day at first, 10 a day in the last week
        for (int d = 29; d >= 0; d--) {
            daily.add(new AbInput.Day(last.minusDays(d), d < 7 ? 10 : 50, d < 7 ? 1 : 5));
        }
        long users = daily.stream().mapToLong(AbInput.Day::users).sum();
        long conversions = daily.stream().mapToLong(AbInput.Day::conversions).sum();
        AbInput input = new AbInput("A", 0.05, "conversion", 0.1, 0.8, null, List.of(
                new AbInput.Variant("A", users, conversions, null, null, daily),
                new AbInput.Variant("B", users, conversions, null, null, daily)));

        AbReport report = new AbReportBuilder().build(input);

        long target = report.planning().targetUsersPerArm();
        long expected = (long) Math.ceil((target - users) / 10.0);
        assertThat(report.planning().daysToTarget()).isEqualTo(expected);
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("underpowered")).singleElement()
                .extracting(AbReport.Warning::message).asString()
                .endsWith("At the last 7 days' pace, that is about " + expected + " more days.");
        assertThat(new AbReportJson().tree(report).get("planning").get("days_to_target").asLong()).isEqualTo(expected);

        AbInput without = new AbInput("A", 0.05, "conversion", 0.1, 0.8, null, List.of(
                AbInput.Variant.of("A", users, conversions), AbInput.Variant.of("B", users, conversions)));
        assertThat(new AbReportBuilder().build(without).planning().daysToTarget()).as("no daily figures").isNull();
    }

    @Test
    void escapes_variant_names_and_metric() {
        AbReport report = new AbReportBuilder().build(new AbInput("<b>A</b>", 0.05, "c\"lick<script>", 0.1, 0.8,
                null, List.of(AbInput.Variant.of("<b>A</b>", 100, 10),
                        AbInput.Variant.of("B<img src=x onerror=alert(1)>", 100, 12))));
        String html = new AbReportHtml().write(report);
        assertThat(html).doesNotContain("<b>A</b>").doesNotContain("<img").doesNotContain("<script>")
                .contains("&lt;b&gt;A&lt;/b&gt;").contains("B&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void draws_cumulative_rates_when_daily_figures_are_given() {
        List<AbInput.Day> daysA = List.of(new AbInput.Day(java.time.LocalDate.of(2026, 11, 1), 100, 10),
                new AbInput.Day(java.time.LocalDate.of(2026, 11, 2), 100, 30));
        List<AbInput.Day> daysB = List.of(new AbInput.Day(java.time.LocalDate.of(2026, 11, 1), 100, 20),
                new AbInput.Day(java.time.LocalDate.of(2026, 11, 2), 100, 20));
        AbReport report = new AbReportBuilder().build(new AbInput("A", 0.05, "click", 0.1, 0.8, null, List.of(
                new AbInput.Variant("A", 200, 40, null, null, daysA),
                new AbInput.Variant("B", 200, 40, null, null, daysB))));
        assertThat(report.timelines().get(0).points()).extracting(AbReport.Timeline.Point::rate)
                .containsExactly(0.1, 0.2);
        assertThat(new AbReportHtml().write(report)).contains("<polyline").contains("2026-11-01");
    }
}
