package dev.herald.engine.experiment.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's unequal-variance t-test of variant mean minus control mean, with Welch–Satterthwaite degrees of
 * freedom and a t-based confidence interval. Used for revenue per recipient, whose variances differ a lot
 * between arms.
 */
public final class WelchTest {

    private WelchTest() {
    }

    public static Result compare(SampleSummary control, SampleSummary variant, double confidence) {
        Numbers.requireConfidence(confidence);
        double diff = variant.mean() - control.mean();
        if (control.n() < 2 || variant.n() < 2) {
            return new Result(diff, null, null, null, null);
        }
        double vc = control.variance() / control.n();
        double vv = variant.variance() / variant.n();
        double se = Math.sqrt(vc + vv);
        if (!(se > 0)) {
            return new Result(diff, null, null, null, null);
        }
        double df = (vc + vv) * (vc + vv)
                / (vc * vc / (control.n() - 1) + vv * vv / (variant.n() - 1));
        if (!Double.isFinite(df) || df <= 0) {
            return new Result(diff, null, null, null, null);
        }
        double t = diff / se;
        TDistribution tDistribution = new TDistribution(null, df);
        double p = Math.min(1.0, 2 * tDistribution.cumulativeProbability(-Math.abs(t)));
        double critical = tDistribution.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new Result(diff, Interval.ofFinite(diff - critical * se, diff + critical * se),
                Numbers.finiteOrNull(t), df, Numbers.finiteOrNull(p));
    }

    /**
     * @param meanDiff variant mean - control mean
     * @param ci       t-based interval of {@code meanDiff}; {@code null} with fewer than 2 values per arm or no variance
     * @param t        Welch's t statistic
     * @param df       Welch–Satterthwaite degrees of freedom
     * @param pValue   two-sided p-value
     */
    public record Result(double meanDiff, Interval ci, Double t, Double df, Double pValue) {
    }
}
