package dev.herald.engine.reco;

import java.util.Arrays;

/**
 * Item-based k-nearest neighbours: for each product, its K most similar products by co-purchase; a customer's
 * score for product j is the sum of sim(i, j) over the products i they bought. Training is one pass per item
 * over item → buyers → their items, in parallel chunks (each item's neighbour list is its own slot).
 */
public final class ItemKnnRecommender implements Recommender, SparseScorer {

    /** Settings; {@code activityDamping} b weighs each customer's co-purchases by 1/deg(u)^b (0 = off). */
    public record Settings(Similarity similarity, int neighbours, double alpha, double shrink,
                           double activityDamping) {
        public static Settings of(Similarity similarity, int neighbours) {
            return new Settings(similarity, neighbours, 0.5, 0, 0);
        }
    }

    /** The algorithm: train with {@link Settings}. */
    public static RecommenderAlgorithm algorithm(String name, Settings settings) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Recommender train(InteractionMatrix interactions, WorkerPool pool) {
                return ItemKnnRecommender.train(name, interactions, settings, pool);
            }
        };
    }

    private final String name;
    private final int numItems;
    /** neighbours[i] = items most similar to i, ascending by index; similarities[i] in the same order. */
    private final int[][] neighbours;
    private final float[][] similarities;

    private ItemKnnRecommender(String name, int numItems, int[][] neighbours, float[][] similarities) {
        this.name = name;
        this.numItems = numItems;
        this.neighbours = neighbours;
        this.similarities = similarities;
    }

    public static ItemKnnRecommender train(String name, InteractionMatrix m, Settings settings, WorkerPool pool) {
        int numItems = m.numItems();
        int[][] neighbours = new int[numItems][];
        float[][] similarities = new float[numItems][];
        float[] userWeight = new float[m.numUsers()];
        for (int u = 0; u < m.numUsers(); u++) {
            userWeight[u] = settings.activityDamping() == 0 ? 1f
                    : (float) (1 / Math.pow(Math.max(1, m.userDegree(u)), settings.activityDamping()));
        }
        pool.forRange(numItems, 32, (from, to) -> {
            float[] co = new float[numItems];
            int[] touched = new int[numItems];
            float[] sim = new float[numItems];
            for (int i = from; i < to; i++) {
                int count = 0;
                for (int k = m.itemStart(i); k < m.itemEnd(i); k++) {
                    int u = m.userAt(k);
                    float w = userWeight[u];
                    for (int q = m.userStart(u); q < m.userEnd(u); q++) {
                        int j = m.itemAt(q);
                        if (co[j] == 0) {
                            touched[count++] = j;  // cost stays proportional to co-purchases, not catalogue size
                        }
                        co[j] += w;
                    }
                }
                double ni = m.itemDegree(i);
                int kept = 0;
                for (int c = 0; c < count; c++) {
                    int j = touched[c];
                    if (j != i) {
                        sim[j] = (float) settings.similarity().of(co[j], ni, m.itemDegree(j), settings.alpha(),
                                settings.shrink());
                        touched[kept++] = j;
                    }
                    co[j] = 0;
                }
                count = kept;
                int[] best = TopN.bestOf(touched, count, sim, settings.neighbours());
                float[] bestSim = new float[best.length];
                for (int b = 0; b < best.length; b++) {
                    bestSim[b] = sim[best[b]];
                }
                neighbours[i] = best;
                similarities[i] = bestSim;
            }
        });
        return new ItemKnnRecommender(name, numItems, neighbours, similarities);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** sim(anchor, candidate) as kept in the model (0 when not among the anchor's neighbours). */
    public float similarity(int anchor, int candidate) {
        int at = Arrays.binarySearch(neighbours[anchor], candidate);
        return at >= 0 ? similarities[anchor][at] : 0f;
    }

    @Override
    public void score(int user, UserHistory history, float[] out) {
        Arrays.fill(out, 0f);
        for (int i : history.items()) {
            if (i >= numItems) {
                continue;
            }
            int[] nbrs = neighbours[i];
            float[] sims = similarities[i];
            for (int n = 0; n < nbrs.length; n++) {
                out[nbrs[n]] += sims[n];
            }
        }
    }

    @Override
    public int scoreSparse(int user, UserHistory history, float[] scores, int[] touched) {
        int count = 0;
        for (int i : history.items()) {
            if (i >= numItems) {
                continue;
            }
            int[] nbrs = neighbours[i];
            float[] sims = similarities[i];
            for (int n = 0; n < nbrs.length; n++) {
                int j = nbrs[n];
                if (scores[j] == 0) {
                    touched[count++] = j;
                }
                scores[j] += sims[n];
            }
        }
        return count;
    }

    @Override
    public Reason explain(int user, UserHistory history, int item) {
        int anchor = -1;
        float best = 0;
        for (int i : history.items()) {
            float s = i < numItems ? similarity(i, item) : 0f;
            if (s > best) {
                best = s;
                anchor = i;
            }
        }
        return anchor >= 0 ? new Reason(Reason.Kind.BECAUSE_YOU_BOUGHT, anchor) : Reason.of(Reason.Kind.POPULAR);
    }
}
