package dev.herald.engine.reco;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recommenders Herald ships, by name, with the settings chosen on the Online Retail split (see
 * docs/benchmarks.md). {@link #DEFAULT} is the one campaigns use.
 */
public final class Recommenders {

    /** The recommender campaigns use. */
    public static final String DEFAULT = "hybrid";
    static final long SEED = 42;

    private Recommenders() {
    }

    /** Names accepted by {@link #byName}. */
    public static Set<String> names() {
        return all(true).keySet();
    }

    /**
     * The algorithm called {@code name}; {@code excludeBought} says whether the recommendations will leave out
     * products the customer already bought (the hybrid tunes its weights for that case).
     */
    public static RecommenderAlgorithm byName(String name, boolean excludeBought) {
        return byName(name, excludeBought, null);
    }

    /** As {@link #byName(String, boolean)}; {@code catalog} (may be null) feeds the content recommender. */
    public static RecommenderAlgorithm byName(String name, boolean excludeBought, ProductCatalog catalog) {
        if (name.equals("content") && catalog == null) {
            throw new IllegalArgumentException("the content recommender needs product descriptions: give a products"
                    + " file (e.g. --products data/online-retail/products.tsv)");
        }
        RecommenderAlgorithm algorithm = all(excludeBought, catalog).get(name);
        if (algorithm == null) {
            throw new IllegalArgumentException("unknown recommender '" + name + "'; choose one of " + names());
        }
        return algorithm;
    }

    private static Map<String, RecommenderAlgorithm> all(boolean excludeBought) {
        return all(excludeBought, new ProductCatalog());
    }

    private static Map<String, RecommenderAlgorithm> all(boolean excludeBought, ProductCatalog catalog) {
        Map<String, RecommenderAlgorithm> all = new LinkedHashMap<>();
        all.put("hybrid", hybrid(excludeBought));
        all.put("popularity", PopularityRecommender.algorithm());
        all.put("history", HistoryRecommender.algorithm());
        all.put("item-knn", itemKnn());
        all.put("item-knn-jaccard", ItemKnnRecommender.algorithm("item-knn-jaccard",
                ItemKnnRecommender.Settings.of(Similarity.JACCARD, 20)));
        all.put("item-knn-asymmetric", ItemKnnRecommender.algorithm("item-knn-asymmetric",
                new ItemKnnRecommender.Settings(Similarity.ASYMMETRIC_COSINE, 20, 0.6, 0, 0)));
        all.put("user-knn", UserKnnRecommender.algorithm(100));
        all.put("ease", ease());
        all.put("als", ImplicitAlsRecommender.algorithm(ImplicitAlsRecommender.Settings.defaults()));
        all.put("content", ContentRecommender.algorithm(catalog == null ? new ProductCatalog() : catalog));
        return all;
    }

    /** Item-kNN, cosine, 20 neighbours, co-purchases of very active customers damped by 1/sqrt(degree). */
    static RecommenderAlgorithm itemKnn() {
        return ItemKnnRecommender.algorithm("item-knn",
                new ItemKnnRecommender.Settings(Similarity.COSINE, 20, 0.5, 0, 0.5));
    }

    static RecommenderAlgorithm ease() {
        return LinearItemRecommender.algorithm(700, 300);
    }

    /**
     * Weights of {@link #hybrid}'s parts, as tuned by {@link #hybridTuned} on the validation split carved from
     * data/online-retail/train.tsv (training data only); {@code herald reco eval --tune} re-tunes on any data.
     */
    static final double[] HYBRID_WEIGHTS = {0.769, 0.154, 0.077};

    static List<RecommenderAlgorithm> hybridParts() {
        return List.of(ease(), itemKnn(), PopularityRecommender.algorithm());
    }

    /** Days of the trend window of {@link #repeats()}: chosen on a temporal validation split of the training data. */
    static final int TREND_DAYS = 30;
    /** Weight (in baskets) of the trend term of {@link #repeats()}, chosen likewise (docs/benchmarks.md). */
    static final double TREND_WEIGHT = 8;

    /**
     * How the default ranks a customer's own products when they may be recommended again: by baskets, moved up
     * by the product's popularity over the last 30 days when the data has dates (seasonal goods come back).
     */
    static RecommenderAlgorithm repeats() {
        return HistoryRecommender.algorithm(0, TREND_DAYS, TREND_WEIGHT);
    }

    /** The default: EASE + item-kNN + popularity; when bought products may return, they come first. */
    static RecommenderAlgorithm hybrid(boolean excludeBought) {
        return HybridRecommender.fixed("hybrid", hybridParts(), HYBRID_WEIGHTS, !excludeBought);
    }

    /** The default hybrid with its weights tuned on a validation split of the given training data. */
    public static RecommenderAlgorithm hybridTuned(boolean excludeBought) {
        return HybridRecommender.tuned("hybrid", hybridParts(), !excludeBought, 1000, SEED);
    }
}
