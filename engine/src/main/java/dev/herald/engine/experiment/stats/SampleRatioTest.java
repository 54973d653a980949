package dev.herald.engine.experiment.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Sample-ratio mismatch: Pearson's chi-square goodness-of-fit of the users each arm received against the
 * intended weights. A mismatch means assignment or tracking is broken, and then no lift can be trusted.
 */
public final class SampleRatioTest {

    /** The conventional threshold: SRM is flagged at p &lt; 0.001, not at the test's alpha. */
    public static final double MISMATCH_THRESHOLD = 0.001;

    private SampleRatioTest() {
    }

    public static Result test(long[] users, double[] weights) {
        if (users.length != weights.length || users.length < 2) {
            throw new IllegalArgumentException("need users and weights for at least two arms, of equal length");
        }
        double weightSum = 0;
        long total = 0;
        for (int i = 0; i < users.length; i++) {
            if (!(weights[i] > 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights must be positive, got " + weights[i]);
            }
            if (users[i] < 0) {
                throw new IllegalArgumentException("users must not be negative, got " + users[i]);
            }
            weightSum += weights[i];
            total += users[i];
        }
        int df = users.length - 1;
        if (total == 0) {
            return new Result(null, df, null, false);
        }
        double chi2 = 0;
        for (int i = 0; i < users.length; i++) {
            double expected = total * weights[i] / weightSum;
            double deviation = users[i] - expected;
            chi2 += deviation * deviation / expected;
        }
        // upper tail of chi-square(df) = Q(df/2, chi2/2); accurate for tiny p-values, unlike 1 - cdf
        double p = Gamma.regularizedGammaQ(df / 2.0, chi2 / 2.0);
        Double pValue = Numbers.finiteOrNull(p);
        return new Result(chi2, df, pValue, pValue != null && pValue < MISMATCH_THRESHOLD);
    }

    public record Result(Double chi2, int df, Double pValue, boolean mismatch) {
    }
}
