package dev.herald.engine.experiment.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;

/** Small numeric helpers shared by the statistics classes. */
final class Numbers {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Numbers() {
    }

    /** {@code value} when finite, otherwise {@code null}: the one place NaN and infinity turn into "cannot compute". */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** The standard normal quantile z with P(Z &le; z) = p. */
    static double normalQuantile(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
    }

    /** P(Z &le; z) for a standard normal Z, accurate in the far lower tail (erfc, not 1 - erf). */
    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2.0));
    }

    /** Two-sided p-value of a standard normal statistic: 2 P(Z &le; -|z|). */
    static double twoSidedNormalP(double z) {
        return Math.min(1.0, 2.0 * normalCdf(-Math.abs(z)));
    }

    static void requireConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
    }

    static void requireCounts(long successes, long trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "need 0 <= successes <= trials, got successes=" + successes + " trials=" + trials);
        }
    }
}
