package dev.herald.engine.experiment.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Properties of the always-valid sequential test, and what it is for: many looks at an A/A test declare no more
 * false winners than alpha, where stopping at the first fixed-sample p &lt; 0.05 declares several times more.
 * The numbers themselves are checked against numerical integration in AbReportReferenceTest.
 */
class SequentialTestTest {

    private static final double ALPHA = 0.05;
    private static final double LIFT = 0.10;

    @Test
    void a_hand_computed_case_matches_the_closed_form() {
        // 100/1000 vs 130/1000: pooled 0.115, V = 0.115 * 0.885 * 0.002 = 2.0355e-4, tau = 0.1 * 0.115 = 0.0115,
        // tau^2 = 1.3225e-4, d = 0.03: log L = 0.5 ln(2.0355 / 3.358) + 1.3225e-4 * 9e-4 / (2 * 2.0355e-4 * 3.358e-4)
        double v = 0.115 * 0.885 * 0.002;
        double tau2 = 0.0115 * 0.0115;
        double logRatio = 0.5 * Math.log(v / (v + tau2)) + tau2 * 0.03 * 0.03 / (2 * v * (v + tau2));
        SequentialTest.Result r = SequentialTest.compare(100, 1000, 130, 1000, LIFT, ALPHA);
        assertThat(r.likelihoodRatio()).isCloseTo(Math.exp(logRatio), within(1e-12));
        assertThat(r.pValue()).isCloseTo(Math.exp(-logRatio), within(1e-12));
        assertThat(logRatio).as("this difference is not yet enough to stop").isBetween(0.0, Math.log(1 / ALPHA));
    }

    @Test
    void identical_arms_give_p_one_and_an_interval_centred_on_zero() {
        SequentialTest.Result r = SequentialTest.compare(120, 1000, 120, 1000, LIFT, ALPHA);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.likelihoodRatio()).isLessThan(1.0);
        assertThat(r.absCi().low()).isCloseTo(-r.absCi().high(), within(1e-15));
    }

    @Test
    void the_interval_ends_are_exactly_where_the_test_starts_to_reject() {
        SequentialTest.Result r = SequentialTest.compare(400, 5000, 480, 5000, LIFT, ALPHA);
        double d = 0.096 - 0.08;
        double v = 0.08 * 0.92 / 5000 + 0.096 * 0.904 / 5000;
        double pooled = 880 / 10000.0;
        double tau2 = Math.pow(LIFT * pooled, 2);
        for (double end : new double[] {r.absCi().low(), r.absCi().high()}) {
            assertThat(SequentialTest.logLikelihoodRatio(d - end, v, tau2)).isCloseTo(Math.log(1 / ALPHA),
                    within(1e-9));
        }
    }

    @Test
    void the_interval_is_always_wider_than_the_fixed_sample_interval() {
        for (long[] c : new long[][] {{10, 100, 14, 100}, {400, 5000, 480, 5000}, {2100, 10000, 2230, 10000},
                {1_000_000, 10_000_000, 1_003_000, 10_000_000}}) {
            Interval sequential = SequentialTest.compare(c[0], c[1], c[2], c[3], LIFT, ALPHA).absCi();
            Interval fixed = Proportions.compare(c[0], c[1], c[2], c[3], 1 - ALPHA).absCi();
            assertThat(sequential.low()).isLessThan(fixed.low());
            assertThat(sequential.high()).isGreaterThan(fixed.high());
        }
    }

    @Test
    void the_sign_of_the_tuned_lift_does_not_matter() {
        assertThat(SequentialTest.compare(100, 1000, 130, 1000, -LIFT, ALPHA))
                .isEqualTo(SequentialTest.compare(100, 1000, 130, 1000, LIFT, ALPHA));
    }

    @Test
    void nothing_is_computed_without_users_or_without_any_variation() {
        assertThat(SequentialTest.compare(0, 0, 5, 100, LIFT, ALPHA).pValue()).isNull();
        assertThat(SequentialTest.compare(0, 100, 0, 100, LIFT, ALPHA).pValue()).isNull();
        assertThat(SequentialTest.compare(100, 100, 100, 100, LIFT, ALPHA).pValue()).isNull();
        assertThat(SequentialTest.compare(0, 100, 0, 100, LIFT, ALPHA).absCi()).isNull();
        assertThatThrownBy(() -> SequentialTest.compare(1, 10, 2, 10, 0, ALPHA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tuned lift");
    }

    /**
     * 2,000 A/A tests at a 10 % rate, each read 40 times (every 250 users per arm, up to 10,000), stopped at the
     * first look that is significant. Fixed-sample p-values declare a false winner in about a quarter of them;
     * the sequential p-values in fewer than alpha, as Ville's inequality promises.
     */
    @Test
    void reading_an_aa_test_after_every_batch_declares_false_winners_below_alpha_only_sequentially() {
        Monitoring aa = monitor(0.10, 0.10, 2_000, 40, 250, 20261125L);
        assertThat(aa.sequentialStops()).as("sequential false-winner rate").isLessThanOrEqualTo(ALPHA);
        assertThat(aa.fixedStops()).as("fixed-sample false-winner rate when stopping at the first p < 0.05")
                .isGreaterThan(0.15);
    }

    /** Three variants against control, all the same: Holm over the sequential p-values keeps the family below alpha. */
    @Test
    void holm_over_sequential_p_values_keeps_several_variants_below_alpha() {
        SplittableRandom random = new SplittableRandom(7);
        int tests = 1_000;
        int falseWinners = 0;
        for (int t = 0; t < tests; t++) {
            long[] conversions = new long[4];
            long users = 0;
            boolean stopped = false;
            for (int look = 0; look < 30 && !stopped; look++) {
                for (int arm = 0; arm < 4; arm++) {
                    conversions[arm] += binomial(random, 250, 0.05);
                }
                users += 250;
                List<Double> p = new ArrayList<>();
                for (int arm = 1; arm < 4; arm++) {
                    p.add(SequentialTest.compare(conversions[0], users, conversions[arm], users, LIFT, ALPHA).pValue());
                }
                stopped = HolmCorrection.adjust(p).stream().anyMatch(x -> x != null && x < ALPHA);
            }
            falseWinners += stopped ? 1 : 0;
        }
        assertThat(falseWinners / (double) tests).isLessThanOrEqualTo(ALPHA);
    }

    /** A real 20 % lift (10 % → 12 %) is found in nearly every test, most of them well before the last look. */
    @Test
    void a_real_lift_is_found_and_usually_early() {
        Monitoring lift = monitor(0.10, 0.12, 500, 40, 250, 11L);
        assertThat(lift.sequentialStops()).as("share of tests that found the lift").isGreaterThan(0.9);
        assertThat(lift.medianSequentialStopUsers()).as("median users per arm at the stop").isLessThan(10_000);
    }

    /**
     * Revenue per recipient, A/A: 5 % buy, spending a skewed amount; read every 500 recipients per arm, 30 times. The
     * sequential test on means keeps false winners below alpha too; fewer than two recipients give no test.
     */
    @Test
    void revenuePerRecipientReadOftenStaysBelowAlpha() {
        SplittableRandom random = new SplittableRandom(99);
        int tests = 600;
        int falseWinners = 0;
        for (int t = 0; t < tests; t++) {
            double[] sum = new double[2];
            double[] squares = new double[2];
            long n = 0;
            boolean stopped = false;
            for (int look = 0; look < 30 && !stopped; look++) {
                for (int i = 0; i < 500; i++) {
                    for (int arm = 0; arm < 2; arm++) {
                        double spend = random.nextDouble() < 0.05 ? 20 * -Math.log(1 - random.nextDouble()) : 0;
                        sum[arm] += spend;
                        squares[arm] += spend * spend;
                    }
                }
                n += 500;
                SampleSummary control = summary(sum[0], squares[0], n);
                SampleSummary variant = summary(sum[1], squares[1], n);
                Double p = SequentialTest.compareMeans(control, variant, LIFT, ALPHA).pValue();
                stopped = p != null && p < ALPHA;
            }
            falseWinners += stopped ? 1 : 0;
        }
        assertThat(falseWinners / (double) tests).isLessThanOrEqualTo(ALPHA);
        assertThat(SequentialTest.compareMeans(new SampleSummary(1, 5, 0), new SampleSummary(10, 5, 1), LIFT, ALPHA)
                .pValue()).isNull();
    }

    private static SampleSummary summary(double sum, double squares, long n) {
        double mean = sum / n;
        return new SampleSummary(n, mean, (squares - n * mean * mean) / (n - 1));
    }

    record Monitoring(double fixedStops, double sequentialStops, double medianSequentialStopUsers) {
    }

    static Monitoring monitor(double controlRate, double variantRate, int tests, int looks, int usersPerLook,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int fixed = 0;
        int sequential = 0;
        List<Long> stopUsers = new ArrayList<>();
        for (int t = 0; t < tests; t++) {
            long xc = 0;
            long xv = 0;
            long n = 0;
            boolean fixedStopped = false;
            boolean sequentialStopped = false;
            for (int look = 0; look < looks; look++) {
                xc += binomial(random, usersPerLook, controlRate);
                xv += binomial(random, usersPerLook, variantRate);
                n += usersPerLook;
                Double p = Proportions.compare(xc, n, xv, n, 1 - ALPHA).pValue();
                fixedStopped |= p != null && p < ALPHA;
                Double ps = SequentialTest.compare(xc, n, xv, n, LIFT, ALPHA).pValue();
                if (!sequentialStopped && ps != null && ps < ALPHA) {
                    sequentialStopped = true;
                    stopUsers.add(n);
                }
            }
            fixed += fixedStopped ? 1 : 0;
            sequential += sequentialStopped ? 1 : 0;
        }
        stopUsers.sort(null);
        double median = stopUsers.isEmpty() ? Double.NaN : stopUsers.get(stopUsers.size() / 2);
        return new Monitoring(fixed / (double) tests, sequential / (double) tests, median);
    }

    private static int binomial(SplittableRandom random, int trials, double p) {
        int successes = 0;
        for (int i = 0; i < trials; i++) {
            if (random.nextDouble() < p) {
                successes++;
            }
        }
        return successes;
    }
}
