package dev.herald.engine.reco;

import java.util.Arrays;

/**
 * Most-bought products: the share of customers who bought each product, optionally within the customer's
 * segment (e.g. country), shrunk towards the global share so that small segments stay sensible.
 */
public final class PopularityRecommender implements Recommender {

    /** Global popularity. */
    public static RecommenderAlgorithm algorithm() {
        return segmented(null, 0);
    }

    /**
     * Popularity over the last {@code days} days of the data: the share of customers whose last purchase of
     * the product falls in the window. Falls back to all-time popularity when the data has no dates.
     */
    public static RecommenderAlgorithm recent(int days) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return "popularity-recent";
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                if (!m.hasDays()) {
                    return PopularityRecommender.train(m, null, 0);
                }
                int from = m.newestDay() - days + 1;
                float[] counts = new float[m.numItems()];
                for (int k = 0; k < m.numInteractions(); k++) {
                    if (m.lastDayAt(k) >= from) {
                        counts[m.itemAt(k)]++;
                    }
                }
                double users = Math.max(1, m.numUsers());
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = (float) (counts[i] / users);
                }
                return new PopularityRecommender(null, counts, new float[0][]);
            }
        };
    }

    /**
     * Popularity per segment: {@code segmentOfUser[u]} is the segment of user u (-1 = none); {@code shrink} is
     * the number of pseudo-customers of global popularity added to every segment.
     */
    public static RecommenderAlgorithm segmented(int[] segmentOfUser, double shrink) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return segmentOfUser == null ? "popularity" : "popularity-segment";
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                return PopularityRecommender.train(m, segmentOfUser, shrink);
            }
        };
    }

    private final int[] segmentOfUser;
    private final float[] global;
    private final float[][] bySegment;

    private PopularityRecommender(int[] segmentOfUser, float[] global, float[][] bySegment) {
        this.segmentOfUser = segmentOfUser;
        this.global = global;
        this.bySegment = bySegment;
    }

    static PopularityRecommender train(InteractionMatrix m, int[] segmentOfUser, double shrink) {
        int numItems = m.numItems();
        float[] global = new float[numItems];
        double users = Math.max(1, m.numUsers());
        for (int i = 0; i < numItems; i++) {
            global[i] = (float) (m.itemDegree(i) / users);
        }
        float[][] bySegment = new float[0][];
        if (segmentOfUser != null) {
            int segments = Arrays.stream(segmentOfUser).max().orElse(-1) + 1;
            double[][] counts = new double[segments][numItems];
            int[] sizes = new int[segments];
            for (int u = 0; u < m.numUsers() && u < segmentOfUser.length; u++) {
                int s = segmentOfUser[u];
                if (s < 0) {
                    continue;
                }
                sizes[s]++;
                for (int k = m.userStart(u); k < m.userEnd(u); k++) {
                    counts[s][m.itemAt(k)]++;
                }
            }
            bySegment = new float[segments][numItems];
            for (int s = 0; s < segments; s++) {
                for (int i = 0; i < numItems; i++) {
                    bySegment[s][i] = (float) ((counts[s][i] + shrink * global[i]) / (sizes[s] + shrink));
                }
            }
        }
        return new PopularityRecommender(segmentOfUser, global, bySegment);
    }

    /** True when the scores do not depend on the customer (no segments). */
    public boolean sameForEveryone() {
        return segmentOfUser == null;
    }

    @Override
    public String name() {
        return segmentOfUser == null ? "popularity" : "popularity-segment";
    }

    @Override
    public int numItems() {
        return global.length;
    }

    @Override
    public void score(int user, UserHistory history, float[] out) {
        float[] source = global;
        if (segmentOfUser != null && user >= 0 && user < segmentOfUser.length && segmentOfUser[user] >= 0) {
            source = bySegment[segmentOfUser[user]];
        }
        System.arraycopy(source, 0, out, 0, out.length);
    }

    @Override
    public Reason explain(int user, UserHistory history, int item) {
        return Reason.of(Reason.Kind.POPULAR);
    }
}
