package dev.herald.engine.reco;

import java.util.function.IntPredicate;

/**
 * What to recommend: how many items, whether items the customer already bought may come back, and which items
 * are allowed at all (out of stock, blocked, a campaign's category or price range).
 */
public record RecommendationRequest(int count, boolean excludeBought, IntPredicate allowed) {

    public static final IntPredicate ANY = item -> true;

    public RecommendationRequest {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
    }

    public static RecommendationRequest top(int count, boolean excludeBought) {
        return new RecommendationRequest(count, excludeBought, ANY);
    }

    public RecommendationRequest allowing(IntPredicate more) {
        IntPredicate current = allowed;
        return new RecommendationRequest(count, excludeBought, current == ANY ? more : current.and(more));
    }
}
