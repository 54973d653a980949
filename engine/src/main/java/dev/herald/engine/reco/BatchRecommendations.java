package dev.herald.engine.reco;

/** Top-N for every customer of a matrix, in parallel chunks; row u of the result belongs to customer u. */
public final class BatchRecommendations {

    private BatchRecommendations() {
    }

    public static int[][] topForAll(Recommender recommender, InteractionMatrix m, RecommendationRequest request,
                                    WorkerPool pool) {
        int[][] top = new int[m.numUsers()][];
        pool.forRange(m.numUsers(), 64, (from, to) -> {
            float[] scores = new float[recommender.numItems()];
            for (int u = from; u < to; u++) {
                UserHistory history = m.history(u);
                recommender.score(u, history, scores);
                top[u] = TopN.select(scores, request.count(), request.excludeBought() ? history : null,
                        request.allowed());
            }
        });
        return top;
    }
}
