package dev.herald.engine.decision;

import java.util.List;
import java.util.Map;

/**
 * What other parts of Herald know about the customer beyond the profile: segments, RFM scores,
 * recommendations, consent and recent sends, plus the customer's country and extra attributes. The segment
 * and recommendation engines feed it; {@link #EMPTY} means nothing is known yet.
 *
 * @param rfm the RFM scores, or {@code null} when not computed
 */
public record DecisionContext(String country, Map<String, Object> customerAttributes,
                              Map<String, Object> eventAttributes, List<SegmentMembership> segments, RfmScore rfm,
                              List<RecommendationScore> recommendations, List<ConsentFact> consents,
                              List<RecentSend> recentSends) {

    public static final DecisionContext EMPTY = new DecisionContext("", Map.of(), Map.of(), List.of(), null,
            List.of(), List.of(), List.of());

    public DecisionContext {
        country = country == null ? "" : country;
        customerAttributes = customerAttributes == null ? Map.of() : Map.copyOf(customerAttributes);
        eventAttributes = eventAttributes == null ? Map.of() : Map.copyOf(eventAttributes);
        segments = segments == null ? List.of() : List.copyOf(segments);
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
        consents = consents == null ? List.of() : List.copyOf(consents);
        recentSends = recentSends == null ? List.of() : List.copyOf(recentSends);
    }
}
