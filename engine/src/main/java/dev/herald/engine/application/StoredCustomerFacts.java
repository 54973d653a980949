package dev.herald.engine.application;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.decision.DecisionContext;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.event.EventType;
import dev.herald.engine.persistence.Transactions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision facts of a stored customer as they stand now, for an event that did not happen: what the console's
 * "simulate for customer X" evaluates a campaign against. Read-only, and read exactly as event processing reads
 * them (segments, RFM, attributes, consent, recent sends), so a simulation sees what a real event would.
 */
public final class StoredCustomerFacts {

    private final Transactions transactions;

    public StoredCustomerFacts(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * The facts for {@code customerId} meeting an event of {@code type} with {@code eventAttributes} (vocabulary
     * names, e.g. {@code cart_total}) at {@code at}; empty when no such customer is stored. A {@code total}
     * attribute is taken as the order's total.
     */
    public Optional<DecisionFacts> forEvent(String customerId, EventType type, Map<String, Object> eventAttributes,
                                            Instant at, List<RecommendationScore> recommendations) {
        return transactions.inTransaction(em -> {
            Customer customer = em.find(Customer.class, customerId);
            if (customer == null) {
                return Optional.<DecisionFacts>empty();
            }
            DecisionContext stored = DecisionContextLoader.load(em, customer.id(), null, recommendations);
            Map<String, Object> attributes = new HashMap<>(eventAttributes);
            BigDecimal total = attributes.get("total") instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
            DecisionContext context = new DecisionContext(stored.country(), stored.customerAttributes(), attributes,
                    stored.segments(), stored.rfm(), stored.recommendations(), stored.consents(), stored.recentSends());
            return Optional.of(new DecisionFacts("simulated-" + type.wireName(), type, customer.id(),
                    customer.orderCount(), customer.lifetimeSpend(), total, at, context));
        });
    }
}
