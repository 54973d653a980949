package dev.herald.engine.experiment.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Holm's step-down adjustment of p-values across the variant-versus-control comparisons, so that testing
 * several variants does not inflate the chance of declaring a false winner (family-wise error rate), while
 * being uniformly more powerful than Bonferroni.
 */
public final class HolmCorrection {

    private HolmCorrection() {
    }

    /**
     * Adjusted p-values in the input order. {@code null} entries (tests that could not be computed) stay
     * {@code null} and do not count towards the number of tests.
     */
    public static List<Double> adjust(List<Double> pValues) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pValues.size(); i++) {
            Double p = pValues.get(i);
            if (p != null) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("p-values must be in [0, 1], got " + p);
                }
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble(pValues::get));
        int m = order.size();
        List<Double> adjusted = new ArrayList<>(pValues.size());
        for (int i = 0; i < pValues.size(); i++) {
            adjusted.add(null);
        }
        double runningMax = 0;
        for (int rank = 0; rank < m; rank++) {
            int index = order.get(rank);
            double candidate = Math.min(1.0, (m - rank) * pValues.get(index));
            runningMax = Math.max(runningMax, candidate);
            adjusted.set(index, runningMax);
        }
        return adjusted;
    }
}
