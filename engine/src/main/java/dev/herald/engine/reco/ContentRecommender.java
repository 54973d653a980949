package dev.herald.engine.reco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Content-based matching on product attributes: each product is a TF-IDF vector of its description tokens plus
 * its category (one token), L2-normalised; a customer's profile is the sum of the vectors of what they bought,
 * and a product's score is its cosine-like dot product with the profile. Needs no purchases of the candidate,
 * so it can recommend products nobody has bought yet (register them in the item index before building the
 * matrix, see {@link #itemsWithCatalogue}).
 */
public final class ContentRecommender implements Recommender {

    private static final Set<String> STOPWORDS = Set.of("of", "and", "the", "in", "with", "for", "set", "a", "to",
            "on", "s");

    public static RecommenderAlgorithm algorithm(ProductCatalog catalog) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return "content";
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                return ContentRecommender.train(m.items(), catalog);
            }
        };
    }

    /** An item index holding every catalogue product (in id order), to build a matrix that knows unsold ones. */
    public static IdIndex itemsWithCatalogue(ProductCatalog catalog) {
        IdIndex items = new IdIndex();
        catalog.ids().stream().sorted().forEach(items::add);
        return items;
    }

    private final int numItems;
    /** terms[i], weights[i]: sparse TF-IDF vector of item i, terms ascending. */
    private final int[][] terms;
    private final float[][] weights;
    private final int vocabulary;

    private ContentRecommender(int numItems, int[][] terms, float[][] weights, int vocabulary) {
        this.numItems = numItems;
        this.terms = terms;
        this.weights = weights;
        this.vocabulary = vocabulary;
    }

    static List<String> tokens(String description, String category) {
        List<String> tokens = new ArrayList<>();
        if (description != null) {
            for (String token : description.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (token.length() >= 2 && !STOPWORDS.contains(token) && !token.chars().allMatch(Character::isDigit)) {
                    tokens.add(token);
                }
            }
        }
        if (category != null && !category.isBlank()) {
            tokens.add("category:" + category.toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    static ContentRecommender train(IdIndex items, ProductCatalog catalog) {
        int n = items.size();
        Map<String, Integer> vocabulary = new HashMap<>();
        List<Map<Integer, Integer>> counts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = items.id(i);
            ProductCatalog.Product product = catalog.get(id);
            Map<Integer, Integer> termCounts = new HashMap<>();
            if (product != null) {
                for (String token : tokens(product.name(), product.category())) {
                    termCounts.merge(vocabulary.computeIfAbsent(token, t -> vocabulary.size()), 1, Integer::sum);
                }
            }
            counts.add(termCounts);
        }
        int[] documentFrequency = new int[vocabulary.size()];
        for (Map<Integer, Integer> termCounts : counts) {
            for (int term : termCounts.keySet()) {
                documentFrequency[term]++;
            }
        }
        int[][] terms = new int[n][];
        float[][] weights = new float[n][];
        for (int i = 0; i < n; i++) {
            Map<Integer, Integer> termCounts = counts.get(i);
            int[] t = termCounts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            float[] w = new float[t.length];
            double norm = 0;
            for (int k = 0; k < t.length; k++) {
                double idf = Math.log((double) n / documentFrequency[t[k]]);
                w[k] = (float) (termCounts.get(t[k]) * idf);
                norm += w[k] * w[k];
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
            for (int k = 0; k < w.length; k++) {
                w[k] *= scale;
            }
            terms[i] = t;
            weights[i] = w;
        }
        return new ContentRecommender(n, terms, weights, vocabulary.size());
    }

    @Override
    public String name() {
        return "content";
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Dot product of two products' vectors (their content similarity, in [0, 1]). */
    public float similarity(int a, int b) {
        int[] ta = terms[a];
        int[] tb = terms[b];
        float sum = 0;
        for (int x = 0, y = 0; x < ta.length && y < tb.length; ) {
            if (ta[x] == tb[y]) {
                sum += weights[a][x++] * weights[b][y++];
            } else if (ta[x] < tb[y]) {
                x++;
            } else {
                y++;
            }
        }
        return sum;
    }

    @Override
    public void score(int user, UserHistory history, float[] out) {
        float[] profile = new float[vocabulary];
        for (int i : history.items()) {
            if (i < numItems) {
                for (int k = 0; k < terms[i].length; k++) {
                    profile[terms[i][k]] += weights[i][k];
                }
            }
        }
        Arrays.fill(out, 0f);
        for (int j = 0; j < numItems && j < out.length; j++) {
            float dot = 0;
            for (int k = 0; k < terms[j].length; k++) {
                dot += profile[terms[j][k]] * weights[j][k];
            }
            out[j] = dot;
        }
    }

    @Override
    public Reason explain(int user, UserHistory history, int item) {
        int anchor = -1;
        float best = 0;
        for (int i : history.items()) {
            if (i < numItems && i != item) {
                float s = similarity(i, item);
                if (s > best) {
                    best = s;
                    anchor = i;
                }
            }
        }
        return new Reason(Reason.Kind.SIMILAR_PRODUCTS, anchor);
    }
}
