package dev.herald.engine.experiment.stats;

import java.util.Arrays;

/**
 * Count, mean and sample variance (divisor n - 1) of a numeric outcome such as revenue per recipient:
 * all Welch's test needs, so a team can hand over a summary instead of every value.
 */
public record SampleSummary(long n, double mean, double variance) {

    public SampleSummary {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be a finite number, was " + mean);
        }
        if (!(variance >= 0) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException("variance must be a finite number >= 0, was " + variance);
        }
    }

    /** Summary of the values (Welford's one-pass update, stable for millions of values). */
    public static SampleSummary of(double... values) {
        return of(values, 0);
    }

    /**
     * Summary of {@code values} followed by {@code extraZeros} zeros: the recipients who bought nothing,
     * so an input can list only the buyers' revenue.
     */
    public static SampleSummary of(double[] values, long extraZeros) {
        long n = 0;
        double mean = 0;
        double m2 = 0;
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("values must be finite numbers: " + Arrays.toString(values));
            }
            n++;
            double delta = value - mean;
            mean += delta / n;
            m2 += delta * (value - mean);
        }
        if (extraZeros > 0) {
            // merge a block of extraZeros zeros (Chan et al. parallel update)
            double nb = extraZeros;
            double delta = 0 - mean;
            long total = n + extraZeros;
            m2 += delta * delta * n * nb / total;
            mean += delta * nb / total;
            n = total;
        }
        return new SampleSummary(n, mean, n > 1 ? Math.max(0, m2 / (n - 1)) : 0.0);
    }
}
