package dev.herald.engine.reco;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Blends several recommenders: each one's scores for a customer are scaled to [0, 1] by their maximum (negative
 * scores count as 0) and summed with weights that add up to 1, so a hybrid score is itself in [0, 1] and reads
 * as "how strongly the recommenders agree". The weights are tuned on a {@link ValidationSplit} carved from the
 * training data (never the test data), by coordinate search on HR@10 of the new products in the pseudo-baskets.
 * With {@code repeatFirst} (used when bought products may be recommended again) the customer's own products
 * come first, ranked by the {@link HistoryRecommender} in [0.5, 1], and the blend fills the rest in [0, 0.5):
 * on the Online Retail split repeat purchases dominate next baskets, and no blend weight beat this order.
 */
public final class HybridRecommender implements Recommender {

    private static final Logger LOG = LoggerFactory.getLogger(HybridRecommender.class);
    private static final double[] WEIGHT_STEPS = {0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0};
    private static final int CANDIDATES_PER_COMPONENT = 40;

    /** A hybrid with fixed weights (one per component). */
    public static RecommenderAlgorithm fixed(String name, List<RecommenderAlgorithm> parts, double[] weights,
                                             boolean repeatFirst) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                List<Recommender> trained = trainParts(parts, m, pool);
                return new HybridRecommender(name, trained, normalise(weights),
                        repeatFirst ? Recommenders.repeats().train(m, pool) : null);
            }
        };
    }

    /** A hybrid whose weights are tuned on a validation split of the training data at every training. */
    public static RecommenderAlgorithm tuned(String name, List<RecommenderAlgorithm> parts, boolean repeatFirst,
                                             int validationUsers, long seed) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                double[] weights = tune(m, parts, validationUsers, seed, pool);
                List<Recommender> trained = trainParts(parts, m, pool);
                return new HybridRecommender(name, trained, weights,
                        repeatFirst ? Recommenders.repeats().train(m, pool) : null);
            }
        };
    }

    /** Trains each part in turn (each one parallel inside), logging how long each took. */
    private static List<Recommender> trainParts(List<RecommenderAlgorithm> parts, InteractionMatrix m,
                                                WorkerPool pool) {
        List<Recommender> trained = new ArrayList<>();
        for (RecommenderAlgorithm part : parts) {
            long start = System.nanoTime();
            trained.add(part.train(m, pool));
            LOG.debug("hybrid part {} trained in {} ms", part.name(), (System.nanoTime() - start) / 1_000_000);
        }
        return trained;
    }

    private final String name;
    private final List<Recommender> parts;
    private final double[] weights;
    private final int numItems;
    private final boolean repeatFirst;
    private final Recommender repeats;
    private final ThreadLocal<float[][]> buffers;
    private final ThreadLocal<int[]> touchedBuffer;
    /** Separate from {@link #buffers}: the sparse path relies on those staying zero between calls. */
    private final ThreadLocal<float[][]> explainBuffers;
    /** Weighted, scaled scores of the parts that are the same for every customer (global popularity). */
    private final float[] constantBlend;
    private final boolean[] constantPart;

    /** {@code repeats}: ranks the customer's own products first when not null. */
    HybridRecommender(String name, List<Recommender> parts, double[] weights, Recommender repeats) {
        this.name = name;
        this.repeats = repeats;
        this.repeatFirst = repeats != null;
        this.parts = List.copyOf(parts);
        this.weights = weights.clone();
        this.numItems = parts.get(0).numItems();
        this.buffers = ThreadLocal.withInitial(() -> new float[parts.size() + 1][numItems]);
        this.touchedBuffer = ThreadLocal.withInitial(() -> new int[numItems]);
        this.explainBuffers = ThreadLocal.withInitial(() -> new float[parts.size()][numItems]);
        this.constantPart = new boolean[parts.size()];
        this.constantBlend = new float[numItems];
        float[] scratch = new float[numItems];
        for (int p = 0; p < parts.size(); p++) {
            if (parts.get(p) instanceof PopularityRecommender popularity && popularity.sameForEveryone()) {
                constantPart[p] = true;
                popularity.score(-1, UserHistory.EMPTY, scratch);
                scaleToUnit(scratch);
                for (int i = 0; i < numItems; i++) {
                    constantBlend[i] += (float) weights[p] * scratch[i];
                }
            }
        }
    }

    public double[] weights() {
        return weights.clone();
    }

    public List<Recommender> parts() {
        return parts;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Scores of each part for the customer, scaled to [0, 1]. */
    private float[][] partScores(int user, UserHistory history) {
        float[][] scores = explainBuffers.get();
        for (int p = 0; p < parts.size(); p++) {
            if (weights[p] == 0) {
                continue;
            }
            parts.get(p).score(user, history, scores[p]);
            scaleToUnit(scores[p]);
        }
        return scores;
    }

    static void scaleToUnit(float[] scores) {
        float max = 0;
        for (float s : scores) {
            max = Math.max(max, s);
        }
        float factor = max > 0 ? 1 / max : 0;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = scores[i] > 0 ? scores[i] * factor : 0f;
        }
    }

    /**
     * Same result as scaling every part to [0, 1] and summing with the weights, but constant parts are
     * precomputed and sparse parts (item-kNN, EASE) touch only the products they score.
     */
    @Override
    public void score(int user, UserHistory history, float[] out) {
        float[][] scores = buffers.get();
        System.arraycopy(constantBlend, 0, out, 0, numItems);
        for (int p = 0; p < parts.size(); p++) {
            float w = (float) weights[p];
            if (w == 0 || constantPart[p]) {
                continue;
            }
            Recommender part = parts.get(p);
            float[] s = scores[p];
            if (part instanceof SparseScorer sparse) {
                int[] touched = touchedBuffer.get();
                int count = sparse.scoreSparse(user, history, s, touched);
                float max = 0;
                for (int t = 0; t < count; t++) {
                    max = Math.max(max, s[touched[t]]);
                }
                float factor = max > 0 ? 1 / max : 0;
                for (int t = 0; t < count; t++) {
                    int item = touched[t];
                    if (s[item] > 0) {
                        out[item] += w * (s[item] * factor);
                    }
                    s[item] = 0;
                }
            } else {
                part.score(user, history, s);
                scaleToUnit(s);
                for (int i = 0; i < out.length; i++) {
                    out[i] += w * s[i];
                }
            }
        }
        if (repeatFirst) {
            putRepeatsFirst(user, history, out, scores[parts.size()]);
        }
    }

    /** Bought products to [0.5, 1] as the history recommender ranks them, the others to [0, 0.5). */
    private void putRepeatsFirst(int user, UserHistory history, float[] out, float[] historyScores) {
        repeats.score(user, history, historyScores);
        scaleToUnit(historyScores);
        for (int i = 0; i < out.length; i++) {
            out[i] *= 0.4999f;
        }
        for (int i : history.items()) {
            if (i < out.length) {
                out[i] = 0.5f + 0.5f * historyScores[i];
            }
        }
    }

    @Override
    public List<ScoredItem> recommend(int user, UserHistory history, RecommendationRequest request) {
        List<ScoredItem> result = Recommender.super.recommend(user, history, request);
        if (!repeatFirst) {
            return result;
        }
        List<ScoredItem> explained = new ArrayList<>(result.size());
        for (ScoredItem item : result) {
            explained.add(history.contains(item.item())
                    ? new ScoredItem(item.item(), item.score(), new Reason(Reason.Kind.BOUGHT_BEFORE, item.item()))
                    : item);
        }
        return explained;
    }

    @Override
    public Reason explain(int user, UserHistory history, int item) {
        float[][] scores = partScores(user, history);
        int best = -1;
        float bestContribution = 0;
        for (int p = 0; p < parts.size(); p++) {
            float contribution = (float) weights[p] * scores[p][item];
            if (contribution > bestContribution) {
                bestContribution = contribution;
                best = p;
            }
        }
        return best < 0 ? Reason.of(Reason.Kind.POPULAR) : parts.get(best).explain(user, history, item);
    }

    private static double[] normalise(double[] weights) {
        double sum = Arrays.stream(weights).sum();
        if (!(sum > 0)) {
            throw new IllegalArgumentException("hybrid weights must have a positive sum");
        }
        return Arrays.stream(weights).map(w -> w / sum).toArray();
    }

    /** Coordinate search of the weights on a validation split; returns weights that sum to 1. */
    static double[] tune(InteractionMatrix m, List<RecommenderAlgorithm> algorithms, int validationUsers,
                         long seed, WorkerPool pool) {
        boolean excludeBought = true;
        ValidationSplit split = ValidationSplit.carve(m, validationUsers, 0.5, seed);
        List<Recommender> parts = new ArrayList<>();
        for (RecommenderAlgorithm algorithm : algorithms) {
            parts.add(algorithm.train(split.train(), pool));
        }
        int c = parts.size();
        int[][] targets = excludeBought ? split.newTargets() : split.allTargets();
        int n = split.users().length;
        int[][] candidates = new int[n][];
        float[][][] values = new float[n][][];
        pool.forRange(n, 32, (from, to) -> {
            float[][] scores = new float[c][m.numItems()];
            for (int v = from; v < to; v++) {
                int u = split.users()[v];
                UserHistory history = split.train().history(u);
                java.util.TreeSet<Integer> union = new java.util.TreeSet<>();
                for (int p = 0; p < c; p++) {
                    parts.get(p).score(u, history, scores[p]);
                    scaleToUnit(scores[p]);
                    for (int item : TopN.select(scores[p], CANDIDATES_PER_COMPONENT,
                            excludeBought ? history : null, RecommendationRequest.ANY)) {
                        union.add(item);
                    }
                }
                candidates[v] = union.stream().mapToInt(Integer::intValue).toArray();
                values[v] = new float[c][candidates[v].length];
                for (int p = 0; p < c; p++) {
                    for (int k = 0; k < candidates[v].length; k++) {
                        values[v][p][k] = scores[p][candidates[v][k]];
                    }
                }
            }
        });
        double[] weights = new double[c];
        Arrays.fill(weights, 1.0 / c);
        double best = objective(weights, candidates, values, targets);
        for (int pass = 0; pass < 3; pass++) {
            boolean improved = false;
            for (int p = 0; p < c; p++) {
                for (double step : WEIGHT_STEPS) {
                    double[] trial = weights.clone();
                    trial[p] = step;
                    if (Arrays.stream(trial).sum() <= 0) {
                        continue;
                    }
                    double value = objective(trial, candidates, values, targets);
                    if (value > best + 1e-9) {
                        best = value;
                        weights = trial;
                        improved = true;
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        double[] result = normalise(weights);
        if (LOG.isInfoEnabled()) {
            List<String> described = new ArrayList<>();
            for (int p = 0; p < c; p++) {
                described.add(parts.get(p).name() + "=" + String.format(Locale.ROOT, "%.3f", result[p]));
            }
            LOG.info("hybrid weights tuned on {} validation customers: {} (validation HR@10 {})", n,
                    described.stream().collect(Collectors.joining(", ")),
                    String.format(Locale.ROOT, "%.3f", best));
        }
        return result;
    }

    /** HR@10 plus a small NDCG@10 term (to break ties) over the validation customers with targets. */
    private static double objective(double[] weights, int[][] candidates, float[][][] values, int[][] targets) {
        double hits = 0;
        double ndcg = 0;
        int evaluated = 0;
        for (int v = 0; v < candidates.length; v++) {
            if (targets[v].length == 0) {
                continue;
            }
            evaluated++;
            int[] cand = candidates[v];
            float[] blended = new float[cand.length];
            for (int p = 0; p < weights.length; p++) {
                float w = (float) weights[p];
                if (w == 0) {
                    continue;
                }
                for (int k = 0; k < cand.length; k++) {
                    blended[k] += w * values[v][p][k];
                }
            }
            int[] top = TopN.select(blended, Math.min(10, cand.length), null, RecommendationRequest.ANY);
            boolean hit = false;
            double dcg = 0;
            for (int rank = 0; rank < top.length; rank++) {
                if (Arrays.binarySearch(targets[v], cand[top[rank]]) >= 0) {
                    hit = true;
                    dcg += 1 / (Math.log(rank + 2) / Math.log(2));
                }
            }
            if (hit) {
                hits++;
            }
            ndcg += dcg;
        }
        return evaluated == 0 ? 0 : (hits + 0.1 * ndcg) / evaluated;
    }
}
