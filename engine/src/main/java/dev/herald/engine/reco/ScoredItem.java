package dev.herald.engine.reco;

/** One recommendation: item index, score (algorithm-specific scale; the hybrid's lies in [0, 1]) and reason. */
public record ScoredItem(int item, float score, Reason reason) {
}
