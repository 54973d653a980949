package dev.herald.engine.experiment.stats;

/**
 * How many users per arm a two-arm test of conversion rates needs, and the smallest lift it can detect
 * with a given number of users (two-sided two-proportion z-test, equal arms):
 * <pre>  n = (z_{1-α/2} √(2 p̄ (1-p̄)) + z_{1-β} √(p1 (1-p1) + p2 (1-p2)))² / (p2 - p1)²,  p̄ = (p1 + p2) / 2</pre>
 * Planning a test before it starts is what stops teams from calling results early.
 */
public final class SampleSizeCalculator {

    private SampleSizeCalculator() {
    }

    /**
     * Users per arm to detect a change of the baseline rate by {@code relativeLift} (0.05 = +5 %), or
     * {@code null} when the lifted rate falls outside (0, 1) or the baseline is 0 or 1.
     */
    public static Long usersPerArm(double baselineRate, double relativeLift, double alpha, double power) {
        requireProbability("alpha", alpha);
        requireProbability("power", power);
        if (!(baselineRate > 0 && baselineRate < 1) || !(relativeLift != 0) || !Double.isFinite(relativeLift)) {
            return null;
        }
        double p1 = baselineRate;
        double p2 = baselineRate * (1 + relativeLift);
        if (!(p2 > 0 && p2 < 1)) {
            return null;
        }
        double n = Math.ceil(exactUsersPerArm(p1, p2, alpha, power) - 1e-9);
        return Double.isFinite(n) ? (long) Math.max(2, n) : null;
    }

    /**
     * The smallest relative lift (upwards) detectable with {@code usersPerArm} users in each arm, found by
     * bisection on the sample-size formula; {@code null} when even the largest possible lift needs more.
     */
    public static Double minimumDetectableLift(double baselineRate, long usersPerArm, double alpha, double power) {
        requireProbability("alpha", alpha);
        requireProbability("power", power);
        if (!(baselineRate > 0 && baselineRate < 1) || usersPerArm < 2) {
            return null;
        }
        double maxLift = (1 - baselineRate) / baselineRate * (1 - 1e-9);
        if (exactUsersPerArm(baselineRate, baselineRate * (1 + maxLift), alpha, power) > usersPerArm) {
            return null;
        }
        double low = 0;
        double high = maxLift;
        for (int i = 0; i < 200 && high - low > 1e-12 * Math.max(1, high); i++) {
            double mid = (low + high) / 2;
            if (exactUsersPerArm(baselineRate, baselineRate * (1 + mid), alpha, power) > usersPerArm) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }

    /** Power of the two-sided pooled z-test with {@code usersPerArm} per arm, when the true rates are p1, p2. */
    public static double power(double p1, double p2, long usersPerArm, double alpha) {
        double n = usersPerArm;
        double pBar = (p1 + p2) / 2;
        double zAlpha = Numbers.normalQuantile(1 - alpha / 2);
        double seNull = Math.sqrt(2 * pBar * (1 - pBar) / n);
        double seAlt = Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n);
        double delta = Math.abs(p2 - p1);
        return Numbers.normalCdf((delta - zAlpha * seNull) / seAlt) + Numbers.normalCdf((-delta - zAlpha * seNull) / seAlt);
    }

    private static double exactUsersPerArm(double p1, double p2, double alpha, double power) {
        double pBar = (p1 + p2) / 2;
        double zAlpha = Numbers.normalQuantile(1 - alpha / 2);
        double zBeta = Numbers.normalQuantile(power);
        double numerator = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        double delta = p2 - p1;
        return numerator * numerator / (delta * delta);
    }

    private static void requireProbability(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), was " + value);
        }
    }
}
