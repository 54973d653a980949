package dev.herald.engine.reco;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Offline evaluation on a leave-last-basket split. Protocol "new": top-10 excluding products already bought,
 * targets = last-basket products not bought before, customers with at least one such product. Protocol "all":
 * bought products may come back, targets = the whole last basket. HR@10 = share of customers with a hit;
 * Recall@10 = hits / |targets|; NDCG@10 binary with IDCG over min(|targets|, 10); all averaged over the
 * evaluated customers. Coverage = distinct products in the top-10 of every training customer / catalogue.
 * Each averaged metric comes with its standard error over the evaluated customers, so that a difference between
 * two recommenders can be told from the noise of one held-out basket per customer.
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

    /**
     * The figures of one run; {@code perCustomer} holds what the averages are made of, for standard errors and
     * paired comparisons ({@link PairedComparison}).
     */
    public record Result(String algorithm, Protocol protocol, int customers, double hitRate, double recall,
                         double ndcg, double coverage, double trainSeconds, double recommendAllSeconds,
                         int threads, CustomerScores perCustomer) {

        public double hitRateSe() {
            return standardError(perCustomer.hit());
        }

        public double recallSe() {
            return standardError(perCustomer.recall());
        }

        public double ndcgSe() {
            return standardError(perCustomer.ndcg());
        }

        /** The customers without a hit, by what their held-out basket held. */
        public Misses misses() {
            int boughtBefore = 0;
            int newOnly = 0;
            for (int c = 0; c < perCustomer.hit().length; c++) {
                if (perCustomer.hit()[c] == 0) {
                    if (perCustomer.targetBoughtBefore()[c]) {
                        boughtBefore++;
                    } else {
                        newOnly++;
                    }
                }
            }
            return new Misses(boughtBefore, newOnly);
        }
    }

    /**
     * Customers without a hit: those whose held-out basket had a product they had bought before, which the list
     * left out, and those whose basket held only products new to them, which only a new product could have hit.
     * Under protocol "new" every target is new, so every miss is {@code newOnly}. It tells a shop where to look:
     * the ranking of repeats, or the choice of new products.
     */
    public record Misses(int boughtBefore, int newOnly) {

        public int total() {
            return boughtBefore + newOnly;
        }
    }

    /**
     * Each evaluated customer's hit (0 or 1), recall and NDCG, in the held-out file's order: the same customers in
     * the same order for every recommender evaluated on one split and protocol; and whether a target was a product
     * the customer had bought before (never under protocol "new").
     */
    public record CustomerScores(double[] hit, double[] recall, double[] ndcg, boolean[] targetBoughtBefore) {

        @Override
        public String toString() {
            return "CustomerScores[" + hit.length + " customers]";
        }
    }

    /** Standard error of the mean: sample standard deviation / √n; NaN with fewer than two values. */
    public static double standardError(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        SummaryStatistics statistics = new SummaryStatistics();
        for (double value : values) {
            statistics.addValue(value);
        }
        return statistics.getStandardDeviation() / Math.sqrt(values.length);
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
        List<double[]> scores = new ArrayList<>();  // hit, recall, ndcg of each evaluated customer
        boolean[] boughtBefore = new boolean[test.baskets().size()];  // of each evaluated customer, in the same order
        for (HeldOutBaskets.Basket basket : test.baskets()) {
            List<Integer> targets = protocol == Protocol.NEW ? basket.newItems() : basket.allItems();
            if (targets.isEmpty()) {
                continue;
            }
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
            boughtBefore[scores.size()] = targets.size() > basket.newItems().size();  // all items: some not new
            scores.add(new double[] {found > 0 ? 1 : 0, found / (double) targets.size(), dcg / idcg});
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
        CustomerScores perCustomer = new CustomerScores(column(scores, 0), column(scores, 1), column(scores, 2),
                Arrays.copyOf(boughtBefore, scores.size()));
        return new Result(name, protocol, scores.size(), mean(perCustomer.hit()), mean(perCustomer.recall()),
                mean(perCustomer.ndcg()), distinct / (double) Math.max(1, train.numItems()), trainSeconds,
                recommendSeconds, threads, perCustomer);
    }

    private static double[] column(List<double[]> rows, int index) {
        return rows.stream().mapToDouble(row -> row[index]).toArray();
    }

    /** The mean of {@code values}, summed in order; 0 when empty. */
    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / Math.max(1, values.length);
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
