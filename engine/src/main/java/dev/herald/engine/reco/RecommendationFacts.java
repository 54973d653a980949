package dev.herald.engine.reco;

import java.util.List;
import java.util.Locale;

/**
 * A customer's top recommendations as plain facts for campaign rules and data for the email template's
 * recommendation block: product, normalised score in [0, 1] (the default hybrid's blend; 1 = every part agrees
 * it is the best product), category and the reason in words. Rules can test e.g. {@code topScore() >= 0.3} or
 * {@code hasCategory("Kitchen")}.
 */
public record RecommendationFacts(String customerId, String algorithm, List<Product> products) {

    /** One recommended product. */
    public record Product(String productId, String name, String category, double score, Reason.Kind reasonKind,
                          String reason) {
    }

    public RecommendationFacts {
        products = List.copyOf(products);
    }

    /** True when there is at least one recommendation. */
    public boolean hasProducts() {
        return !products.isEmpty();
    }

    /** Score of the first recommendation, 0 when there is none. */
    public double topScore() {
        return products.isEmpty() ? 0 : products.get(0).score();
    }

    /** Category of the first recommendation, or null. */
    public String topCategory() {
        return products.isEmpty() ? null : products.get(0).category();
    }

    /** True when any recommended product is in {@code category} (case-insensitive). */
    public boolean hasCategory(String category) {
        String wanted = category.toLowerCase(Locale.ROOT);
        return products.stream().anyMatch(p -> p.category() != null
                && p.category().toLowerCase(Locale.ROOT).equals(wanted));
    }

    /**
     * The recommendation block of an email template: one map per product with productId, name, category,
     * score (rounded to 2 decimals) and reason (templates read models through map lookups only).
     */
    public List<java.util.Map<String, Object>> templateModel() {
        return products.stream().map(p -> {
            java.util.Map<String, Object> item = new java.util.LinkedHashMap<>();
            item.put("productId", p.productId());
            item.put("name", p.name());
            item.put("category", p.category() == null ? "" : p.category());
            item.put("score", Math.round(p.score() * 100) / 100.0);
            item.put("reason", p.reason());
            return java.util.Collections.unmodifiableMap(item);
        }).toList();
    }

    /** The recommendations as the decision context's facts (one per product, score in [0, 1]). */
    public List<dev.herald.engine.decision.RecommendationScore> decisionScores() {
        return products.stream().map(p -> new dev.herald.engine.decision.RecommendationScore(customerId,
                p.productId(), p.category(), p.score())).toList();
    }

    /** Builds facts from scored items; scores are clamped to [0, 1]. */
    public static RecommendationFacts of(String customerId, String algorithm, List<ScoredItem> items,
                                         IdIndex itemIds, ProductCatalog catalog) {
        Reason.ProductNames names = item -> catalog.name(itemIds.id(item));
        List<Product> products = items.stream().map(s -> {
            String id = itemIds.id(s.item());
            return new Product(id, catalog.name(id), catalog.category(id),
                    Math.max(0, Math.min(1, s.score())), s.reason().kind(), s.reason().text(names));
        }).toList();
        return new RecommendationFacts(customerId, algorithm, products);
    }
}
