package dev.herald.engine.reco;

import java.util.Arrays;

/**
 * User-based k-nearest neighbours: each customer's K most similar customers by cosine over the sets of products
 * bought; a product's score is the summed similarity of the neighbours who bought it. Neighbours are found at
 * training time in parallel (one slot per customer); a customer unknown to the model gets them on the fly.
 */
public final class UserKnnRecommender implements Recommender {

    public static RecommenderAlgorithm algorithm(int neighbours) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return "user-knn";
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                return UserKnnRecommender.train(m, neighbours, pool);
            }
        };
    }

    private final InteractionMatrix m;
    private final int k;
    private final int[][] neighbours;
    private final float[][] similarities;

    private UserKnnRecommender(InteractionMatrix m, int k, int[][] neighbours, float[][] similarities) {
        this.m = m;
        this.k = k;
        this.neighbours = neighbours;
        this.similarities = similarities;
    }

    static UserKnnRecommender train(InteractionMatrix m, int k, WorkerPool pool) {
        int numUsers = m.numUsers();
        int[][] neighbours = new int[numUsers][];
        float[][] similarities = new float[numUsers][];
        pool.forRange(numUsers, 64, (from, to) -> {
            Scratch scratch = new Scratch(numUsers);
            for (int u = from; u < to; u++) {
                findNeighbours(m, k, m.history(u), u, scratch);
                neighbours[u] = scratch.best;
                similarities[u] = scratch.bestSim;
            }
        });
        return new UserKnnRecommender(m, k, neighbours, similarities);
    }

    private static final class Scratch {
        final float[] co;
        final int[] touched;
        final float[] sim;
        int[] best;
        float[] bestSim;

        Scratch(int numUsers) {
            co = new float[numUsers];
            touched = new int[numUsers];
            sim = new float[numUsers];
        }
    }

    private static void findNeighbours(InteractionMatrix m, int k, UserHistory history, int self, Scratch s) {
        int count = 0;
        for (int i : history.items()) {
            if (i >= m.numItems()) {
                continue;
            }
            for (int q = m.itemStart(i); q < m.itemEnd(i); q++) {
                int v = m.userAt(q);
                if (v == self) {
                    continue;
                }
                if (s.co[v] == 0) {
                    s.touched[count++] = v;
                }
                s.co[v] += 1;
            }
        }
        double du = Math.max(1, history.size());
        for (int c = 0; c < count; c++) {
            int v = s.touched[c];
            s.sim[v] = (float) (s.co[v] / Math.sqrt(du * m.userDegree(v)));
            s.co[v] = 0;
        }
        s.best = TopN.bestOf(s.touched, count, s.sim, k);
        s.bestSim = new float[s.best.length];
        for (int b = 0; b < s.best.length; b++) {
            s.bestSim[b] = s.sim[s.best[b]];
        }
    }

    @Override
    public String name() {
        return "user-knn";
    }

    @Override
    public int numItems() {
        return m.numItems();
    }

    @Override
    public void score(int user, UserHistory history, float[] out) {
        Arrays.fill(out, 0f);
        int[] nbrs;
        float[] sims;
        if (user >= 0 && user < neighbours.length) {
            nbrs = neighbours[user];
            sims = similarities[user];
        } else {
            Scratch scratch = new Scratch(m.numUsers());
            findNeighbours(m, k, history, -1, scratch);
            nbrs = scratch.best;
            sims = scratch.bestSim;
        }
        for (int n = 0; n < nbrs.length; n++) {
            int v = nbrs[n];
            float s = sims[n];
            for (int q = m.userStart(v); q < m.userEnd(v); q++) {
                out[m.itemAt(q)] += s;
            }
        }
    }

    /** Similarity of two customers as kept in the model (0 when v is not among u's neighbours). */
    public float similarity(int u, int v) {
        int at = Arrays.binarySearch(neighbours[u], v);
        return at >= 0 ? similarities[u][at] : 0f;
    }

    @Override
    public Reason explain(int user, UserHistory history, int item) {
        return Reason.of(Reason.Kind.CUSTOMERS_LIKE_YOU);
    }
}
