package dev.herald.rules.campaign;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.DecisionContext;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.RecentSend;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.decision.RfmScore;
import dev.herald.engine.decision.SegmentMembership;
import dev.herald.engine.decision.TriggerEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything campaign rules are evaluated against for one event: the event, the customer and what is known
 * about them. Built from the engine's {@link DecisionFacts} at run time, or from JSON/YAML in simulations.
 *
 * @param rfm the RFM scores, or {@code null} when unknown
 */
public record Situation(TriggerEvent event, CustomerFacts customer, List<SegmentMembership> segments, RfmScore rfm,
                        List<RecommendationScore> recommendations, List<ConsentFact> consents,
                        List<RecentSend> recentSends) {

    public Situation {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(customer, "customer");
        segments = segments == null ? List.of() : List.copyOf(segments);
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
        consents = consents == null ? List.of() : List.copyOf(consents);
        recentSends = recentSends == null ? List.of() : List.copyOf(recentSends);
    }

    /** The situation of an event the engine is processing. */
    public static Situation of(DecisionFacts facts) {
        DecisionContext context = facts.context();
        Map<String, Object> eventAttributes = new HashMap<>(context.eventAttributes());
        if (facts.orderTotal() != null && facts.eventType() != null
                && facts.eventType().wireName().equals("order_completed")) {
            eventAttributes.putIfAbsent("total", facts.orderTotal());
        }
        TriggerEvent event = new TriggerEvent(facts.eventId(), facts.eventType().wireName(), facts.occurredAt(),
                eventAttributes);
        CustomerFacts customer = new CustomerFacts(facts.customerId(), context.country(), facts.orderCount(),
                facts.lifetimeSpend(), context.customerAttributes());
        return new Situation(event, customer, context.segments(), context.rfm(), context.recommendations(),
                context.consents(), context.recentSends());
    }

    /** The customer's attributes as rules see them: profile fields plus free attributes. */
    Map<String, Object> customerAttributes() {
        Map<String, Object> attributes = new HashMap<>(customer.attributes());
        attributes.put(Vocabulary.ORDER_COUNT, customer.orderCount());
        attributes.put(Vocabulary.LIFETIME_SPEND, customer.lifetimeSpend());
        if (!customer.country().isEmpty()) {
            attributes.put(Vocabulary.COUNTRY, customer.country());
        }
        return attributes;
    }

    /** Consent for the channel is on record and not granted (withdrawn, pending, or the address suppressed). */
    boolean deniesConsent(String channel) {
        return consents.stream().anyMatch(consent -> consent.channel().equals(channel) && !consent.granted());
    }

    boolean hasConsent(String channel) {
        return consents.stream().anyMatch(consent -> consent.channel().equals(channel) && consent.granted());
    }
}
