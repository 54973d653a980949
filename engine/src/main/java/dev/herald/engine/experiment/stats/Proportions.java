package dev.herald.engine.experiment.stats;

/**
 * Rates and the comparison of two rates (a variant against control). Formulas: docs/ab-statistics.md.
 * Large-sample (normal) methods, except the Wilson interval which stays inside [0, 1] and behaves at 0 %
 * and 100 %.
 */
public final class Proportions {

    private Proportions() {
    }

    /** Wilson score interval for {@code successes / trials}; {@code null} when there are no trials. */
    public static Interval wilson(long successes, long trials, double confidence) {
        Numbers.requireCounts(successes, trials);
        Numbers.requireConfidence(confidence);
        if (trials == 0) {
            return null;
        }
        double n = trials;
        double p = successes / n;
        double z = Numbers.normalQuantile(1 - (1 - confidence) / 2);
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double halfWidth = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // exact bounds at 0 % and 100 % (the formula gives them up to rounding)
        double low = successes == 0 ? 0.0 : Math.max(0.0, centre - halfWidth);
        double high = successes == trials ? 1.0 : Math.min(1.0, centre + halfWidth);
        return Interval.ofFinite(low, high);
    }

    /**
     * A variant's rate against control's: absolute and relative difference with their intervals and the
     * pooled two-proportion z-test.
     */
    public static Comparison compare(long controlSuccesses, long controlTrials, long variantSuccesses,
            long variantTrials, double confidence) {
        Numbers.requireCounts(controlSuccesses, controlTrials);
        Numbers.requireCounts(variantSuccesses, variantTrials);
        Numbers.requireConfidence(confidence);
        if (controlTrials == 0 || variantTrials == 0) {
            return new Comparison(null, null, null, null, null, null);
        }
        double z = Numbers.normalQuantile(1 - (1 - confidence) / 2);
        double nc = controlTrials;
        double nv = variantTrials;
        double pc = controlSuccesses / nc;
        double pv = variantSuccesses / nv;
        double diff = pv - pc;

        // absolute difference: Wald interval, unpooled standard error
        double varC = pc * (1 - pc) / nc;
        double varV = pv * (1 - pv) / nv;
        double seUnpooled = Math.sqrt(varC + varV);
        Interval absCi = Interval.ofFinite(diff - z * seUnpooled, diff + z * seUnpooled);

        // relative difference pv/pc - 1: delta method, Var(pv/pc) ~ varV/pc^2 + pv^2 varC/pc^4
        Double rel = null;
        Interval relCi = null;
        if (pc > 0) {
            rel = pv / pc - 1;
            double seRel = Math.sqrt(varV / (pc * pc) + pv * pv * varC / (pc * pc * pc * pc));
            relCi = Interval.ofFinite(rel - z * seRel, rel + z * seRel);
        }

        // pooled two-proportion z-test; undefined when both arms are all 0 % or all 100 %
        double pooled = (controlSuccesses + variantSuccesses) / (nc + nv);
        double sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nv));
        Double zStat = null;
        Double p = null;
        if (sePooled > 0) {
            zStat = Numbers.finiteOrNull(diff / sePooled);
            p = zStat == null ? null : Numbers.twoSidedNormalP(zStat);
        }
        return new Comparison(diff, absCi, rel, relCi, zStat, p);
    }

    /**
     * Variant minus control.
     *
     * @param absDiff     pv - pc
     * @param absCi       Wald interval of {@code absDiff} (unpooled standard error)
     * @param relDiff     pv / pc - 1; {@code null} when control's rate is 0
     * @param relCi       delta-method interval of {@code relDiff}
     * @param z           pooled z statistic; {@code null} when both arms are 0 % or both 100 %
     * @param pValue      two-sided p-value of {@code z}
     */
    public record Comparison(Double absDiff, Interval absCi, Double relDiff, Interval relCi, Double z,
            Double pValue) {
    }
}
