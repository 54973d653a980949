package dev.herald.engine.reco;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Offline evaluation on a leave-last-basket split. Protocol "new": top-10 excluding products already bought,
 * targets = last-basket products not bought before, customers with at least one such product. Protocol "all":
 * bought products may come back, targets = the whole last basket. HR@10 = share of customers with a hit;
 * Recall@10 = hits / |targets|; NDCG@10 binary with IDCG over min(|targets|, 10); all averaged over the
 * evaluated customers. Coverage = distinct products in the top-10 of every training customer / catalogue.
 */
public final class OfflineEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineEvaluation.class);
    public static final int CUTOFF = 10;

    public enum Protocol {
        NEW, ALL;

        public boolean excludeBought() {
            return this == NEW;
        }
    }

    /** The figures of one run. */
    public record Result(String algorithm, Protocol protocol, int customers, double hitRate, double recall,
                         double ndcg, double coverage, double trainSeconds, double recommendAllSeconds,
                         int threads) {
    }

    private OfflineEvaluation() {
    }

    /** Trains {@code algorithm} on {@code train}, recommends for every customer and scores the held-out baskets. */
    public static Result run(RecommenderAlgorithm algorithm, InteractionMatrix train, HeldOutBaskets test,
                             Protocol protocol, WorkerPool pool) {
        long start = System.nanoTime();
        Recommender recommender = algorithm.train(train, pool);
        long trained = System.nanoTime();
        int[][] top = BatchRecommendations.topForAll(recommender, train,
                RecommendationRequest.top(CUTOFF, protocol.excludeBought()), pool);
        long recommended = System.nanoTime();
        Result result = score(algorithm.name(), protocol, train, test, top, recommender, (trained - start) / 1e9,
                (recommended - trained) / 1e9, pool.threads());
        LOG.debug("{} evaluated: {}", algorithm.name(), result);
        return result;
    }

    static Result score(String name, Protocol protocol, InteractionMatrix train, HeldOutBaskets test,
                        int[][] top, Recommender recommender, double trainSeconds, double recommendSeconds,
                        int threads) {
        double hits = 0;
        double recall = 0;
        double ndcg = 0;
        int evaluated = 0;
        for (HeldOutBaskets.Basket basket : test.baskets()) {
            List<Integer> targets = protocol == Protocol.NEW ? basket.newItems() : basket.allItems();
            if (targets.isEmpty()) {
                continue;
            }
            evaluated++;
            int[] list = basket.user() >= 0 ? top[basket.user()]
                    : topForUnknown(recommender);
            Set<Integer> wanted = new HashSet<>(targets);
            int found = 0;
            double dcg = 0;
            for (int rank = 0; rank < list.length && rank < CUTOFF; rank++) {
                if (wanted.contains(list[rank])) {
                    found++;
                    dcg += 1 / log2(rank + 2);
                }
            }
            double idcg = 0;
            for (int rank = 0; rank < Math.min(targets.size(), CUTOFF); rank++) {
                idcg += 1 / log2(rank + 2);
            }
            hits += found > 0 ? 1 : 0;
            recall += found / (double) targets.size();
            ndcg += dcg / idcg;
        }
        boolean[] seen = new boolean[train.numItems()];
        int distinct = 0;
        for (int[] list : top) {
            for (int item : list) {
                if (!seen[item]) {
                    seen[item] = true;
                    distinct++;
                }
            }
        }
        int n = Math.max(1, evaluated);
        return new Result(name, protocol, evaluated, hits / n, recall / n, ndcg / n,
                distinct / (double) Math.max(1, train.numItems()), trainSeconds, recommendSeconds, threads);
    }

    private static int[] topForUnknown(Recommender recommender) {
        float[] scores = new float[recommender.numItems()];
        recommender.score(-1, UserHistory.EMPTY, scores);
        return TopN.select(scores, CUTOFF, null, RecommendationRequest.ANY);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
