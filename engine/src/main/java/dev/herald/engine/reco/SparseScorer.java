package dev.herald.engine.reco;

/**
 * A recommender whose scores for a customer are zero outside a small set of products (item-kNN: the
 * neighbours of what they bought; EASE: the modelled products). Lets the hybrid blend in O(touched) instead of
 * several passes over the whole catalogue.
 */
interface SparseScorer {

    /**
     * Adds this customer's scores into {@code scores}, which must be all zeros on entry, and lists every
     * product it wrote in {@code touched} (each once); returns how many. The caller zeroes them afterwards.
     */
    int scoreSparse(int user, UserHistory history, float[] scores, int[] touched);
}
