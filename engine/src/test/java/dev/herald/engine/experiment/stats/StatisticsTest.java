package dev.herald.engine.experiment.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Properties of the statistics that hold for any input (the numbers themselves: AbReportReferenceTest). */
class StatisticsTest {

    @Test
    void wilson_is_exact_at_zero_and_hundred_percent_and_null_without_users() {
        assertThat(Proportions.wilson(0, 25, 0.95).low()).isZero();
        assertThat(Proportions.wilson(25, 25, 0.95).high()).isEqualTo(1.0);
        assertThat(Proportions.wilson(0, 0, 0.95)).isNull();
        assertThat(Proportions.wilson(0, 25, 0.95).high()).isBetween(0.0, 0.2);
    }

    @Test
    void wilson_narrows_as_the_confidence_drops() {
        Interval wide = Proportions.wilson(30, 100, 0.99);
        Interval narrow = Proportions.wilson(30, 100, 0.90);
        assertThat(wide.low()).isLessThan(narrow.low());
        assertThat(wide.high()).isGreaterThan(narrow.high());
    }

    @Test
    void holm_keeps_order_never_lowers_a_p_value_and_skips_nulls() {
        List<Double> adjusted = HolmCorrection.adjust(Arrays.asList(0.04, null, 0.01, 0.03, 0.5));
        assertThat(adjusted.get(1)).isNull();
        // m = 4 computable: sorted 0.01, 0.03, 0.04, 0.5 -> 0.04, 0.09, 0.09 (monotone), 0.5
        assertThat(adjusted.get(2)).isCloseTo(4 * 0.01, within(1e-15));
        assertThat(adjusted.get(3)).isCloseTo(3 * 0.03, within(1e-15));
        assertThat(adjusted.get(0)).isCloseTo(3 * 0.03, within(1e-15));
        assertThat(adjusted.get(4)).isCloseTo(0.5, within(1e-15));
        assertThat(HolmCorrection.adjust(List.of(0.9, 0.8))).containsExactly(1.0, 1.0);
    }

    @Test
    void sample_summary_matches_a_two_pass_computation_including_padding_zeros() {
        double[] values = {12.5, 40.0, 7.99, 0.0, 101.25, 3.5};
        SampleSummary summary = SampleSummary.of(values, 4);
        double[] all = Arrays.copyOf(values, values.length + 4);
        double mean = Arrays.stream(all).average().orElseThrow();
        double variance = Arrays.stream(all).map(v -> (v - mean) * (v - mean)).sum() / (all.length - 1);
        assertThat(summary.n()).isEqualTo(10);
        assertThat(summary.mean()).isCloseTo(mean, within(1e-12));
        assertThat(summary.variance()).isCloseTo(variance, within(1e-9));
    }

    @Test
    void welch_without_variance_or_with_one_value_gives_nulls_not_nan() {
        WelchTest.Result flat = WelchTest.compare(new SampleSummary(10, 2.0, 0), new SampleSummary(10, 3.0, 0), 0.95);
        assertThat(flat.meanDiff()).isEqualTo(1.0);
        assertThat(flat.t()).isNull();
        assertThat(flat.ci()).isNull();
        WelchTest.Result single = WelchTest.compare(new SampleSummary(1, 2.0, 0), new SampleSummary(10, 3.0, 4), 0.95);
        assertThat(single.pValue()).isNull();
    }

    @Test
    void sample_ratio_test_flags_only_below_one_in_a_thousand() {
        assertThat(SampleRatioTest.test(new long[] {5000, 5000}, new double[] {1, 1}).mismatch()).isFalse();
        assertThat(SampleRatioTest.test(new long[] {5000, 5300}, new double[] {1, 1}).mismatch()).as("p = 0.003").isFalse();
        assertThat(SampleRatioTest.test(new long[] {5000, 5400}, new double[] {1, 1}).mismatch()).as("p = 0.0001").isTrue();
        assertThat(SampleRatioTest.test(new long[] {9000, 1000}, new double[] {0.9, 0.1}).chi2()).isZero();
        assertThat(SampleRatioTest.test(new long[] {0, 0}, new double[] {1, 1}).pValue()).isNull();
        assertThatThrownBy(() -> SampleRatioTest.test(new long[] {1, 2}, new double[] {1, 0}))
                .hasMessageContaining("weights must be positive");
    }

    @Test
    void chance_to_be_best_is_symmetric_and_adds_up_to_one() {
        BayesianBeta.Posterior a = BayesianBeta.posterior(120, 1000);
        BayesianBeta.Posterior b = BayesianBeta.posterior(135, 1000);
        BayesianBeta.Posterior c = BayesianBeta.posterior(120, 1000);
        assertThat(BayesianBeta.chanceToBeat(a, b) + BayesianBeta.chanceToBeat(b, a)).isCloseTo(1.0, within(1e-9));
        List<Double> best = BayesianBeta.chanceToBeBest(List.of(a, b, c));
        assertThat(best.get(0)).isCloseTo(best.get(2), within(1e-9));
        assertThat(best.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(BayesianBeta.chanceToBeat(a, c)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void sample_size_is_null_when_the_lift_leaves_zero_to_one() {
        assertThat(SampleSizeCalculator.usersPerArm(0.6, 1.0, 0.05, 0.8)).isNull();
        assertThat(SampleSizeCalculator.usersPerArm(0.0, 0.1, 0.05, 0.8)).isNull();
        assertThat(SampleSizeCalculator.minimumDetectableLift(0.2, 1, 0.05, 0.8)).isNull();
        assertThat(SampleSizeCalculator.minimumDetectableLift(0.2, 1_000_000, 0.05, 0.8)).isBetween(0.0, 0.02);
    }
}
