package dev.herald.engine.decision;

import java.util.Objects;

/**
 * How strongly the recommender suggests a product to the customer, 0..1; also the expected value the
 * next-best-action arbitration uses to break ties between campaigns of equal priority.
 *
 * @param category the product's category, or an empty string when unknown
 */
public record RecommendationScore(String customerId, String productId, String category, double score) {

    public RecommendationScore {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(productId, "productId");
        category = category == null ? "" : category;
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("recommendation score must be within 0..1, got " + score);
        }
    }
}
