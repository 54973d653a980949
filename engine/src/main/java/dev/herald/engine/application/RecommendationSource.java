package dev.herald.engine.application;

import dev.herald.engine.decision.RecommendationScore;

import java.util.Collection;
import java.util.List;

/**
 * Port through which event processing reaches the recommendation engine: it tells it about each stored order
 * (so that customer's history-based scores move at once) and asks it for the customer's current top products,
 * which become facts for the campaign rules and the recommendation block of the emails. {@link #NONE} knows
 * nothing and recommends nothing.
 */
public interface RecommendationSource {

    /** No recommendations: what a Herald without a recommendation engine uses. */
    RecommendationSource NONE = new RecommendationSource() {
        @Override
        public void orderStored(String customerId, String orderId, Collection<String> productIds) {
        }

        @Override
        public CustomerRecommendations forCustomer(String customerId) {
            return CustomerRecommendations.NONE;
        }
    };

    /**
     * Called in the transaction that stored a new order, before the decision. Must be idempotent per order id
     * (a transaction may be retried) and must not touch the database.
     */
    void orderStored(String customerId, String orderId, Collection<String> productIds);

    /** The customer's recommendations as of now, including orders reported through {@link #orderStored}. */
    CustomerRecommendations forCustomer(String customerId);

    /**
     * A customer's recommendations in the two shapes Herald uses: scores in [0, 1] for the rules, and the
     * products as an email shows them (name, price, link), in the same order.
     */
    record CustomerRecommendations(List<RecommendationScore> scores, List<EmailModel.Recommendation> products) {

        public static final CustomerRecommendations NONE = new CustomerRecommendations(List.of(), List.of());

        public CustomerRecommendations {
            scores = List.copyOf(scores);
            products = List.copyOf(products);
        }
    }
}
