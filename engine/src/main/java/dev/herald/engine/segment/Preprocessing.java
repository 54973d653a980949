package dev.herald.engine.segment;

import java.util.Arrays;
import java.util.Locale;

/**
 * Turns raw features into the space clustering measures distances in. Default for spend-like features:
 * {@code log1p} (spend is right-skewed; a few huge buyers would otherwise own the distances), then z-score
 * standardisation (every feature weighs the same). Outliers can optionally be clipped, after the transform,
 * at the IQR fences (Q1 − 1.5·IQR, Q3 + 1.5·IQR) or at mean ± 3 standard deviations; clipping keeps every
 * row, so each input row still gets a cluster.
 */
public record Preprocessing(Transform transform, Outliers outliers, boolean standardise) {

    public enum Transform { NONE, LOG1P }

    public enum Outliers { NONE, IQR, ZSCORE }

    public static Preprocessing defaults() {
        return new Preprocessing(Transform.LOG1P, Outliers.NONE, true);
    }

    /** E.g. "log1p+zscore" or "none+iqr-clip+zscore". */
    public String describe() {
        StringBuilder s = new StringBuilder(transform.name().toLowerCase(Locale.ROOT));
        if (outliers != Outliers.NONE) {
            s.append('+').append(outliers.name().toLowerCase(Locale.ROOT)).append("-clip");
        }
        if (standardise) {
            s.append("+zscore");
        }
        return s.toString();
    }

    /** The fitted transformation: per-feature mean and standard deviation, to map centroids back. */
    public record Fitted(Preprocessing spec, double[][] data, double[] mean, double[] sd) {

        /** A point of the preprocessed space in original units (clipping cannot be undone). */
        public double[] toOriginal(double[] point) {
            double[] out = new double[point.length];
            for (int j = 0; j < point.length; j++) {
                double v = spec.standardise() ? point[j] * sd[j] + mean[j] : point[j];
                out[j] = spec.transform() == Transform.LOG1P ? Math.expm1(v) : v;
            }
            return out;
        }
    }

    public Fitted apply(double[][] raw) {
        int n = raw.length;
        int d = n == 0 ? 0 : raw[0].length;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = raw[i].clone();
            if (transform == Transform.LOG1P) {
                for (int j = 0; j < d; j++) {
                    if (x[i][j] <= -1) {
                        throw new IllegalArgumentException("row " + (i + 1) + ": log1p needs values > -1, got "
                                + raw[i][j] + "; use --transform none");
                    }
                    x[i][j] = Math.log1p(x[i][j]);
                }
            }
        }
        for (int j = 0; j < d; j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = x[i][j];
            }
            double lo = Double.NEGATIVE_INFINITY;
            double hi = Double.POSITIVE_INFINITY;
            if (outliers == Outliers.IQR) {
                double[] sorted = column.clone();
                Arrays.sort(sorted);
                double q1 = quantile(sorted, 0.25);
                double q3 = quantile(sorted, 0.75);
                lo = q1 - 1.5 * (q3 - q1);
                hi = q3 + 1.5 * (q3 - q1);
            } else if (outliers == Outliers.ZSCORE) {
                double m = mean(column);
                double s = sd(column, m);
                lo = m - 3 * s;
                hi = m + 3 * s;
            }
            for (int i = 0; i < n; i++) {
                x[i][j] = Math.max(lo, Math.min(hi, x[i][j]));
            }
        }
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = x[i][j];
            }
            mean[j] = mean(column);
            sd[j] = sd(column, mean[j]);
            if (standardise) {
                double s = sd[j] == 0 ? 1 : sd[j];
                for (int i = 0; i < n; i++) {
                    x[i][j] = (x[i][j] - mean[j]) / s;
                }
            }
        }
        return new Fitted(this, x, mean, sd);
    }

    /** Linear-interpolated quantile of sorted values (the usual "type 7"). */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    /** Population standard deviation. */
    static double sd(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return v.length == 0 ? 0 : Math.sqrt(s / v.length);
    }
}
