package dev.herald.engine.decision;

import java.util.Objects;

/**
 * The customer's recency, frequency and monetary scores, each 1 (worst) to 5 (best), as the segment engine
 * computes them. Campaign rules compare them with fixed bounds.
 */
public record RfmScore(String customerId, int recency, int frequency, int monetary) {

    public RfmScore {
        Objects.requireNonNull(customerId, "customerId");
        for (int score : new int[] {recency, frequency, monetary}) {
            if (score < 1 || score > 5) {
                throw new IllegalArgumentException("RFM scores are 1..5, got " + score);
            }
        }
    }
}
