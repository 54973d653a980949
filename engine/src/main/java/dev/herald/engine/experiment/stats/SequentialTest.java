package dev.herald.engine.experiment.stats;

/**
 * Always-valid inference for a variant's rate against control's: the mixture sequential probability ratio test
 * (mSPRT) of Johari, Pekelis and Walsh, "Always valid inference: continuous monitoring of A/B tests" (Operations
 * Research 70(3), 2022), the test behind Optimizely's Stats Engine.
 *
 * <p>Why: a fixed-sample z-test is valid only when read once, at the planned sample. A team that reads the report
 * every day, or Herald's auto-winner that evaluates every hour, and stops at the first p &lt; 0.05, declares far
 * more false winners than 5 %. The mixture likelihood ratio {@code Λ} is a martingale under "no difference", so
 * the chance that it ever reaches {@code 1/α}, however often it is read, is at most {@code α} (Ville's inequality).
 * {@code p = min(1, 1/Λ)} is therefore a p-value at any moment the reader chooses to stop, and the interval of
 * differences {@code θ₀} with {@code Λ(θ₀) < 1/α} covers the true difference at every moment at once.
 *
 * <p>Formulas (normal approximation of the difference {@code d = p_v − p_c} with variance {@code V}, mixing
 * distribution {@code θ ~ N(0, τ²)}):
 * <pre>
 *   Λ = sqrt(V / (V + τ²)) · exp(τ² d² / (2 V (V + τ²)))
 *   interval: d ± sqrt(V (V + τ²) / τ² · (log((V + τ²) / V) − 2 log α))
 * </pre>
 * The test uses the pooled variance {@code p̄(1 − p̄)(1/n_c + 1/n_v)} like the fixed z-test; the interval uses the
 * unpooled one like the Wald interval. {@code τ} is the lift the test is tuned to, as an absolute difference:
 * {@code τ = lift × p̄}. The test detects effects of about that size soonest and stays valid for every size.
 */
public final class SequentialTest {

    private SequentialTest() {
    }

    /**
     * @param likelihoodRatio {@code Λ} against "no difference", {@code null} when it cannot be computed
     * @param pValue          the always-valid p-value {@code min(1, 1/Λ)}
     * @param absCi           the always-valid interval of the absolute difference {@code p_v − p_c}
     */
    public record Result(Double likelihoodRatio, Double pValue, Interval absCi) {

        static final Result NONE = new Result(null, null, null);
    }

    /**
     * Compares a variant with control.
     *
     * @param tunedLift the relative lift the mixture is tuned to (the report's minimum detectable effect, e.g. 0.1);
     *                  its sign does not matter
     * @param alpha     the level of the interval
     */
    public static Result compare(long controlSuccesses, long controlTrials, long variantSuccesses,
            long variantTrials, double tunedLift, double alpha) {
        Numbers.requireCounts(controlSuccesses, controlTrials);
        Numbers.requireCounts(variantSuccesses, variantTrials);
        Numbers.requireConfidence(1 - alpha);
        if (!(Double.isFinite(tunedLift) && tunedLift != 0)) {
            throw new IllegalArgumentException("the tuned lift must be a non-zero number, got " + tunedLift);
        }
        if (controlTrials == 0 || variantTrials == 0) {
            return Result.NONE;
        }
        double nc = controlTrials;
        double nv = variantTrials;
        double pc = controlSuccesses / nc;
        double pv = variantSuccesses / nv;
        double diff = pv - pc;
        double pooled = (controlSuccesses + variantSuccesses) / (nc + nv);
        double pooledVariance = pooled * (1 - pooled) * (1 / nc + 1 / nv);
        double tau = tunedLift * pooled;
        return normal(diff, pooledVariance, pc * (1 - pc) / nc + pv * (1 - pv) / nv, tau * tau, alpha);
    }

    /**
     * Compares a variant's mean (revenue per recipient) with control's: the same test on the normal approximation of
     * the difference of means with Welch's variance {@code s_c²/n_c + s_v²/n_v} (for the test and the interval), tuned
     * to {@code tunedLift} times the mean of both arms together.
     */
    public static Result compareMeans(SampleSummary control, SampleSummary variant, double tunedLift, double alpha) {
        Numbers.requireConfidence(1 - alpha);
        if (!(Double.isFinite(tunedLift) && tunedLift != 0)) {
            throw new IllegalArgumentException("the tuned lift must be a non-zero number, got " + tunedLift);
        }
        if (control.n() < 2 || variant.n() < 2) {
            return Result.NONE;
        }
        double variance = control.variance() / control.n() + variant.variance() / variant.n();
        double mean = (control.mean() * control.n() + variant.mean() * variant.n()) / (control.n() + variant.n());
        double tau = tunedLift * mean;
        return normal(variant.mean() - control.mean(), variance, variance, tau * tau, alpha);
    }

    /**
     * The test of a difference {@code d} whose normal approximation has variance {@code testVariance} under "no
     * difference" and {@code intervalVariance} around {@code d}, with mixing variance {@code τ²}.
     */
    private static Result normal(double diff, double testVariance, double intervalVariance, double tauSquared,
            double alpha) {
        if (!(testVariance > 0 && tauSquared > 0)) {
            return Result.NONE;
        }
        double logRatio = logLikelihoodRatio(diff, testVariance, tauSquared);
        Double ratio = Numbers.finiteOrNull(Math.exp(logRatio));
        double p = Math.min(1.0, Math.exp(-logRatio));
        Interval ci = null;
        if (intervalVariance > 0) {
            double v = intervalVariance;
            double half = Math.sqrt(v * (v + tauSquared) / tauSquared
                    * (Math.log((v + tauSquared) / v) - 2 * Math.log(alpha)));
            ci = Interval.ofFinite(diff - half, diff + half);
        }
        return new Result(ratio, p, ci);
    }

    /** {@code log Λ} for an observed difference {@code d} with variance {@code v} and mixing variance {@code τ²}. */
    static double logLikelihoodRatio(double d, double v, double tauSquared) {
        return 0.5 * Math.log(v / (v + tauSquared)) + tauSquared * d * d / (2 * v * (v + tauSquared));
    }
}
