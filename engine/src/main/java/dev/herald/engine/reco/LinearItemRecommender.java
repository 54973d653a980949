package dev.herald.engine.reco;

import java.util.Arrays;

/**
 * A linear item-to-item model with a closed-form solution (EASE, Steck 2019): the weights B minimise
 * ‖X − X·B‖² + λ‖B‖² with diag(B) = 0, which gives B = I − P·diag(1/diag(P)) for P = (XᵀX + λI)⁻¹. Unlike kNN it
 * discounts products that only co-occur because they are bought with the same third product. To keep training
 * to a fraction of a second it models the {@code maxItems} most-bought products (which carry nearly all
 * purchases); the others score 0 here and are left to the other recommenders of the hybrid.
 */
public final class LinearItemRecommender implements Recommender, SparseScorer {

    public static RecommenderAlgorithm algorithm(int maxItems, double lambda) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return "ease";
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                return LinearItemRecommender.train(m, maxItems, lambda, pool);
            }
        };
    }

    private final int numItems;
    /** position of each item in the model, -1 when not modelled. */
    private final int[] slot;
    private final int[] itemOfSlot;
    /** weights[a * size + b]: contribution of modelled item a (bought) to modelled item b. */
    private final float[] weights;

    private LinearItemRecommender(int numItems, int[] slot, int[] itemOfSlot, float[] weights) {
        this.numItems = numItems;
        this.slot = slot;
        this.itemOfSlot = itemOfSlot;
        this.weights = weights;
    }

    static LinearItemRecommender train(InteractionMatrix m, int maxItems, double lambda, WorkerPool pool) {
        int numItems = m.numItems();
        Integer[] byPopularity = new Integer[numItems];
        for (int i = 0; i < numItems; i++) {
            byPopularity[i] = i;
        }
        Arrays.sort(byPopularity, (a, b) -> a.equals(b) ? 0
                : m.itemDegree(b) != m.itemDegree(a) ? Integer.compare(m.itemDegree(b), m.itemDegree(a))
                : Integer.compare(a, b));
        int size = 0;
        while (size < Math.min(maxItems, numItems) && m.itemDegree(byPopularity[size]) > 0) {
            size++;
        }
        int[] itemOfSlot = new int[size];
        int[] slot = new int[numItems];
        Arrays.fill(slot, -1);
        for (int s = 0; s < size; s++) {
            itemOfSlot[s] = byPopularity[s];
            slot[byPopularity[s]] = s;
        }
        int n = size;
        // each customer's purchases among the modelled items, as slots
        int[] keptPtr = new int[m.numUsers() + 1];
        for (int u = 0; u < m.numUsers(); u++) {
            int kept = 0;
            for (int q = m.userStart(u); q < m.userEnd(u); q++) {
                kept += slot[m.itemAt(q)] >= 0 ? 1 : 0;
            }
            keptPtr[u + 1] = keptPtr[u] + kept;
        }
        int[] keptSlots = new int[keptPtr[m.numUsers()]];
        for (int u = 0, at = 0; u < m.numUsers(); u++) {
            for (int q = m.userStart(u); q < m.userEnd(u); q++) {
                if (slot[m.itemAt(q)] >= 0) {
                    keptSlots[at++] = slot[m.itemAt(q)];
                }
            }
        }
        // Gram matrix XᵀX of the modelled items (binary purchases) + λI, one row per task
        double[] gram = new double[n * n];
        pool.forRange(n, 16, (from, to) -> {
            for (int a = from; a < to; a++) {
                int item = itemOfSlot[a];
                int row = a * n;
                for (int k = m.itemStart(item); k < m.itemEnd(item); k++) {
                    int u = m.userAt(k);
                    for (int q = keptPtr[u]; q < keptPtr[u + 1]; q++) {
                        gram[row + keptSlots[q]] += 1;
                    }
                }
                gram[row + a] += lambda;
            }
        });
        double[] p = n == 0 ? new double[0] : DenseCholesky.factor(gram, n, pool).inverse(pool);
        float[] weights = new float[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                weights[a * n + b] = a == b ? 0f : (float) (-p[a * n + b] / p[b * n + b]);
            }
        }
        return new LinearItemRecommender(numItems, slot, itemOfSlot, weights);
    }

    @Override
    public String name() {
        return "ease";
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public int scoreSparse(int user, UserHistory history, float[] scores, int[] touched) {
        int n = itemOfSlot.length;
        float[] modelled = modelledScores(history);
        for (int b = 0; b < n; b++) {
            scores[itemOfSlot[b]] = modelled[b];
            touched[b] = itemOfSlot[b];
        }
        return n;
    }

    private float[] modelledScores(UserHistory history) {
        int n = itemOfSlot.length;
        float[] modelled = new float[n];
        for (int i : history.items()) {
            int a = i < numItems ? slot[i] : -1;
            if (a < 0) {
                continue;
            }
            addRow(weights, a * n, modelled, n);
        }
        return modelled;
    }

    /** into[b] += w[row + b] for b < n, four at a time (C1, which compiles one-off commands, does not unroll). */
    private static void addRow(float[] w, int row, float[] into, int n) {
        int b = 0;
        for (; b + 3 < n; b += 4) {
            into[b] += w[row + b];
            into[b + 1] += w[row + b + 1];
            into[b + 2] += w[row + b + 2];
            into[b + 3] += w[row + b + 3];
        }
        for (; b < n; b++) {
            into[b] += w[row + b];
        }
    }

    @Override
    public void score(int user, UserHistory history, float[] out) {
        Arrays.fill(out, 0f);
        int n = itemOfSlot.length;
        float[] modelled = new float[n];
        for (int i : history.items()) {
            int a = i < numItems ? slot[i] : -1;
            if (a < 0) {
                continue;
            }
            addRow(weights, a * n, modelled, n);
        }
        for (int b = 0; b < n; b++) {
            out[itemOfSlot[b]] = modelled[b];
        }
    }

    @Override
    public Reason explain(int user, UserHistory history, int item) {
        int b = item < numItems ? slot[item] : -1;
        int anchor = -1;
        float best = 0;
        if (b >= 0) {
            for (int i : history.items()) {
                int a = i < numItems ? slot[i] : -1;
                if (a >= 0 && weights[a * itemOfSlot.length + b] > best) {
                    best = weights[a * itemOfSlot.length + b];
                    anchor = i;
                }
            }
        }
        return anchor >= 0 ? new Reason(Reason.Kind.BECAUSE_YOU_BOUGHT, anchor) : Reason.of(Reason.Kind.POPULAR);
    }
}
