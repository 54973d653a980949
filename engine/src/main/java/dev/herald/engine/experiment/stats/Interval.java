package dev.herald.engine.experiment.stats;

/**
 * A two-sided confidence interval {@code [low, high]}. Both bounds are finite; a method that cannot compute
 * an interval returns {@code null} instead of an interval holding NaN.
 */
public record Interval(double low, double high) {

    public Interval {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("interval bounds must be finite: [" + low + ", " + high + "]");
        }
    }

    /** An interval when both bounds are finite, otherwise {@code null}. */
    public static Interval ofFinite(double low, double high) {
        return Double.isFinite(low) && Double.isFinite(high) ? new Interval(low, high) : null;
    }

    public boolean contains(double value) {
        return value >= low && value <= high;
    }
}
