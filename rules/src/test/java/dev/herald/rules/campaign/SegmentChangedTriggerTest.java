package dev.herald.rules.campaign;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionContext;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.RfmScore;
import dev.herald.engine.decision.SegmentMembership;
import dev.herald.engine.decision.TriggerEvent;
import dev.herald.engine.event.EventType;
import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.herald.rules.campaign.TestCampaigns.CATALOG;
import static dev.herald.rules.campaign.TestCampaigns.EXAMPLES;
import static dev.herald.rules.campaign.TestCampaigns.NOON;
import static org.assertj.core.api.Assertions.assertThat;

/** Campaigns can trigger on Herald's segment_changed event, by the segment entered or left. */
class SegmentChangedTriggerTest {

    private static final String ENTERED_AT_RISK = """
            id: entered-at-risk
            trigger:
              event: segment_changed
              conditions:
                - to_segment == At risk
                - from_segment != Lost
            template: win-back
            """;

    @Test
    void aCampaignMatchesTheSegmentEnteredAndNotTheOneLeft() {
        CampaignRuleBase rules = TestCampaigns.build("c.yaml", ENTERED_AT_RISK);

        assertThat(rules.evaluate(change("c1", "Loyal", "At risk")).winner()).contains("entered-at-risk");
        assertThat(rules.evaluate(change("c1", null, "At risk")).winner()).contains("entered-at-risk");
        assertThat(rules.evaluate(change("c1", "Lost", "At risk")).winner()).isEmpty();
        assertThat(rules.evaluate(change("c1", "At risk", "Loyal")).winner()).isEmpty();
    }

    @Test
    void aMisspeltSegmentInATriggerConditionIsReportedOnItsLine() {
        List<RuleError> errors = TestCampaigns.load("c.yaml", ENTERED_AT_RISK.replace("== At risk", "== At Risk"))
                .errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(5);
            assertThat(error.message()).startsWith("unknown segment 'At Risk' in to_segment (known: [");
        });
    }

    @Test
    void theExampleWinBackStartsFromTheEngineFactsOfAChangeIntoAtRiskOnlyWithConsent() {
        CampaignDecisionService service = new CampaignDecisionService(new RuleBaseHolder(
                new CampaignLoader(CATALOG).build(EXAMPLES)));

        assertThat(service.decide(facts("12347", true))).containsExactly(new Decision("win-back-at-risk", "welcome",
                "12347"));
        assertThat(service.decide(facts("12347", false))).isEmpty();
    }

    private static DecisionFacts facts(String customer, boolean consent) {
        DecisionContext context = new DecisionContext("United Kingdom", Map.of(),
                Map.of("scheme", "rfm", "from_segment", "Loyal", "to_segment", "At risk"),
                List.of(new SegmentMembership(customer, "At risk")), new RfmScore(customer, 1, 3, 4), List.of(),
                consent ? List.of(new ConsentFact(customer, "email", true)) : List.of(), List.of());
        return new DecisionFacts("segment-change:1", EventType.SEGMENT_CHANGED, customer, 3, new BigDecimal("300"),
                BigDecimal.ZERO, NOON, context);
    }

    private static Situation change(String customer, String from, String to) {
        Map<String, Object> attributes = new java.util.HashMap<>(Map.of("scheme", "rfm", "to_segment", to));
        if (from != null) {
            attributes.put("from_segment", from);
        }
        return new Situation(new TriggerEvent("e-" + customer, "segment_changed", NOON, attributes),
                new CustomerFacts(customer, "United Kingdom", 3, BigDecimal.TEN, Map.of()),
                List.of(new SegmentMembership(customer, to)), null, List.of(), List.of(), List.of());
    }
}
