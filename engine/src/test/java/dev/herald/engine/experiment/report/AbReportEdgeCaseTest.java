package dev.herald.engine.experiment.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of the issue: zero conversions, 100 % conversions, fewer than 10 users, 10 million users per
 * arm, unequal splits, an empty arm. Every writer must produce its output without NaN or infinity leaking
 * into it; values that cannot be computed are null / empty / "n/a".
 */
class AbReportEdgeCaseTest {

    static Stream<AbInput> edges() {
        return Stream.of(
                input(v("A", 50, 0), v("B", 50, 0)),
                input(v("A", 20, 20), v("B", 20, 20)),
                input(v("A", 50, 0), v("B", 50, 3)),
                input(v("A", 20, 20), v("B", 20, 18)),
                input(v("A", 7, 2), v("B", 8, 5)),
                input(v("A", 1, 0), v("B", 1, 1)),
                input(v("A", 0, 0), v("B", 10, 2)),
                input(v("A", 0, 0), v("B", 0, 0)),
                input(v("A", 10_000_000, 1_000_000), v("B", 10_000_000, 1_003_000),
                        v("C", 10_000_000, 999_000)),
                input(v("A", 10_000_000, 0), v("B", 10_000_000, 1)),
                input(v("A", 10_000_000, 10_000_000), v("B", 10_000_000, 9_999_999)),
                new AbInput("A", 0.05, "click", 0.1, 0.8, null, List.of(
                        new AbInput.Variant("A", 9000, 900, 0.9, null, List.of()),
                        new AbInput.Variant("B", 1000, 130, 0.1, null, List.of()))),
                new AbInput("A", 0.05, "conversion", 0.1, 0.8, null, List.of(
                        new AbInput.Variant("A", 1, 0, null, dev.herald.engine.experiment.stats.SampleSummary.of(0),
                                List.of()),
                        new AbInput.Variant("B", 3, 1, null, dev.herald.engine.experiment.stats.SampleSummary.of(
                                new double[] {5}, 2), List.of()))));
    }

    @ParameterizedTest
    @MethodSource("edges")
    void every_format_is_written_without_nan_or_infinity(AbInput input) {
        AbReport report = new AbReportBuilder().build(input);
        String json = new AbReportJson().write(report);
        String csv = new AbReportCsv().write(report);
        String html = new AbReportHtml().write(report);
        for (String text : List.of(json, csv, html)) {
            assertThat(text).doesNotContain("NaN").doesNotContain("Infinity").doesNotContain("null %");
        }
        assertThat(report.headline()).isNotBlank();
        double bestTotal = report.variants().stream().mapToDouble(AbReport.VariantResult::chanceToBeBest).sum();
        assertThat(bestTotal).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @ParameterizedTest
    @MethodSource("edges")
    void intervals_contain_their_estimate_and_rates_stay_within_zero_and_one(AbInput input) {
        AbReport report = new AbReportBuilder().build(input);
        for (AbReport.VariantResult v : report.variants()) {
            if (v.rate() != null) {
                assertThat(v.rateCi().contains(v.rate())).as(v.toString()).isTrue();
                assertThat(v.rateCi().low()).isBetween(0.0, 1.0);
                assertThat(v.rateCi().high()).isBetween(0.0, 1.0);
            } else {
                assertThat(v.rateCi()).isNull();
            }
        }
        for (AbReport.Comparison c : report.comparisons()) {
            if (c.absCi() != null) {
                assertThat(c.absCi().contains(c.absDiff())).isTrue();
            }
            if (c.relCi() != null) {
                assertThat(c.relCi().contains(c.relDiff())).isTrue();
            }
            if (c.pValue() != null) {
                assertThat(c.pValue()).isBetween(0.0, 1.0);
                assertThat(c.pValueHolm()).isBetween(c.pValue(), 1.0);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void identical_all_zero_arms_have_no_test_statistic_but_an_even_bayesian_chance() {
        AbReport report = new AbReportBuilder().build(input(v("A", 50, 0), v("B", 50, 0)));
        AbReport.Comparison c = report.comparisons().get(0);
        assertThat(c.z()).isNull();
        assertThat(c.pValue()).isNull();
        assertThat(c.relDiff()).isNull();
        assertThat(c.chanceToBeatControl()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new AbReportJson().write(report)).contains("\"z\" : null", "\"p_value\" : null",
                "\"rel_ci\" : null");
    }

    private static AbInput input(AbInput.Variant... variants) {
        return AbInput.of("A", List.of(variants));
    }

    private static AbInput.Variant v(String name, long users, long conversions) {
        return AbInput.Variant.of(name, users, conversions);
    }
}
