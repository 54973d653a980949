package dev.herald.engine.reco;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained recommender: scores every product for a customer, explains a recommendation and picks the top N.
 * Implementations are immutable after training and safe for any number of concurrent readers.
 * {@code user} is the customer's index in the training matrix, or -1 for a customer it has never seen;
 * {@code history} is what the customer bought, possibly including purchases made after training.
 */
public interface Recommender {

    /** The algorithm name as used on the command line, e.g. {@code item-knn}. */
    String name();

    int numItems();

    /** Writes a score for every item into {@code out} (length {@link #numItems()}); higher is better. */
    void score(int user, UserHistory history, float[] out);

    /** Why {@code item} would be recommended to this customer. */
    Reason explain(int user, UserHistory history, int item);

    /** The score of one customer × product. */
    default float score(int user, UserHistory history, int item) {
        float[] scores = new float[numItems()];
        score(user, history, scores);
        return scores[item];
    }

    /** The top items for the customer with their scores and reasons. */
    default List<ScoredItem> recommend(int user, UserHistory history, RecommendationRequest request) {
        float[] scores = new float[numItems()];
        score(user, history, scores);
        int[] top = TopN.select(scores, request.count(), request.excludeBought() ? history : null,
                request.allowed());
        List<ScoredItem> result = new ArrayList<>(top.length);
        for (int item : top) {
            result.add(new ScoredItem(item, scores[item], explain(user, history, item)));
        }
        return result;
    }
}
