package dev.herald.engine.lifetime;

/**
 * The Gauss hypergeometric function {@code 2F1(a, b; c; z)} for {@code 0 <= z < 1}, by its series summed in log space
 * (the terms of a frequent buyer's series grow past what a double holds before they shrink). Enough for BG/NBD's
 * conditional expectation, where a and b are positive, z = t / (alpha + T + t), and c = a' + b' + x - 1 is positive
 * except for a customer without repeat purchases when the drop-out parameters add up to less than 1.
 */
final class Hypergeometric {

    static final int MAX_TERMS = 1_000_000;

    private Hypergeometric() {
    }

    /**
     * {@code 2F1(a, b; c; z)} for {@code -1 < c < 0}: only the first factor of every term's (c)_k is negative, so the
     * series is 1 minus a sum of positive terms, summed in log space like {@link #log2F1}.
     */
    static double withNegativeC(double a, double b, double c, double z) {
        if (!(c > -1 && c < 0)) {
            throw new IllegalArgumentException("need -1 < c < 0, got " + c);
        }
        // the terms from k = 1 on are those of a series whose first factor is |c| instead of c
        double firstTerm = a * b / -c * z;
        // t_k / t_1 for k >= 1 are the terms of a series with a + 1, b + 1, c + 1 whose k! starts at 2
        double rest = Math.exp(logSeries(a + 1, b + 1, c + 1, z, 1));
        return 1 - firstTerm * rest;
    }

    /** {@code log 2F1(a, b; c; z)}. */
    static double log2F1(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1) || !(a > 0 && b > 0 && c > 0)) {
            throw new IllegalArgumentException("2F1 needs a, b, c > 0 and 0 <= z < 1; got a=" + a + " b=" + b + " c=" + c
                    + " z=" + z);
        }
        if (z == 0) {
            return 0;
        }
        return logSeries(a, b, c, z, 0);
    }

    /**
     * {@code log} of the sum of the series whose first term is 1 and whose term ratio is
     * {@code (a+k)(b+k) / ((c+k)(k+1+shift)) z}: 2F1 itself with {@code shift} 0.
     */
    private static double logSeries(double a, double b, double c, double z, int shift) {
        double logTerm = 0;
        double logSum = 0; // the first term is 1
        double logZ = Math.log(z);
        for (int k = 0; k < MAX_TERMS; k++) {
            logTerm += Math.log(a + k) + Math.log(b + k) - Math.log(c + k) - Math.log(k + 1.0 + shift) + logZ;
            logSum = logSum > logTerm ? logSum + Math.log1p(Math.exp(logTerm - logSum))
                    : logTerm + Math.log1p(Math.exp(logSum - logTerm));
            // past the largest term, each term shrinks by a ratio below 1: stop when the rest cannot matter
            double ratio = (a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2.0 + shift)) * z;
            if (ratio < 1 && logTerm - logSum < Math.log(1e-17 * (1 - ratio))) {
                return logSum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in "
                + MAX_TERMS + " terms");
    }
}
