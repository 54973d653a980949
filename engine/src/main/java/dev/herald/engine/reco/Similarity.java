package dev.herald.engine.reco;

/**
 * Item-item similarity from co-purchase counts. {@code co} = (weighted) number of customers who bought both,
 * {@code ni}, {@code nj} = buyers of the anchor item i (in the customer's history) and of the candidate j.
 */
public enum Similarity {
    /** co / sqrt(ni · nj). */
    COSINE,
    /** Tanimoto: co / (ni + nj − co). */
    JACCARD,
    /** co / (ni^α · nj^(1−α)); α = 0.5 is cosine, α → 1 is the conditional probability P(j | i). */
    ASYMMETRIC_COSINE;

    /** Similarity with shrinkage {@code shrink} added to the denominator (0 = none). */
    public double of(double co, double ni, double nj, double alpha, double shrink) {
        if (co <= 0) {
            return 0;
        }
        double denominator = switch (this) {
            case COSINE -> Math.sqrt(ni * nj);
            case JACCARD -> ni + nj - co;
            case ASYMMETRIC_COSINE -> Math.pow(ni, alpha) * Math.pow(nj, 1 - alpha);
        };
        return co / (denominator + shrink);
    }
}
