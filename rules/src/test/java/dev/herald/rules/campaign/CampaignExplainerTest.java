package dev.herald.rules.campaign;

import dev.herald.engine.decision.RecommendationScore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.load;
import static dev.herald.rules.campaign.TestCampaigns.order;
import static org.assertj.core.api.Assertions.assertThat;

/** "Why not" names each unmet condition, and agrees with the generated rule on whether the campaign matches. */
class CampaignExplainerTest {

    static final String PICKY = """
            id: picky
            trigger:
              event: order_completed
              conditions: [total >= 50]
            audience:
              segments: [Champions]
              notSegments: [At risk]
              country: [France]
              conditions: [order_count >= 2]
            recommendation: {minScore: 0.5, category: Kitchen}
            template: thank-you
            """;

    static CampaignDefinition picky() {
        return load("picky.yaml", PICKY).campaigns().get(0);
    }

    @Test
    void eachUnmetConditionIsNamedWithTheValueFound() {
        List<String> unmet = CampaignExplainer.unmet(picky(), order("c1", 20, 1, List.of("At risk"), List.of(), true, List.of()));
        assertThat(unmet).containsExactly(
                "audience.segments: not in segment 'Champions'",
                "audience.notSegments: in excluded segment 'At risk'",
                "audience.country: country is United Kingdom, not one of [France]",
                "audience.conditions: order_count is 1, needs >= 2",
                "trigger.conditions: total is 20, needs >= 50",
                "recommendation: best score in Kitchen is none, needs >= 0.5");
    }

    @Test
    void aDisabledCampaignAndAnotherEventAreReasonsToo() {
        CampaignDefinition disabled = load("picky.yaml", PICKY.replace("template: thank-you",
                "template: thank-you\nenabled: false")).campaigns().get(0);
        Situation signup = new Situation(new dev.herald.engine.decision.TriggerEvent("e", "customer_signed_up",
                TestCampaigns.NOON, java.util.Map.of()), order("c1", 60).customer(), List.of(), null, List.of(),
                List.of(), List.of());
        assertThat(CampaignExplainer.unmet(disabled, signup)).startsWith("the campaign is disabled (enabled: false)",
                "trigger: it starts on order_completed, the event is customer_signed_up");
    }

    @Test
    void theExplanationAgreesWithTheRuleOnWhetherItMatches() {
        CampaignRuleBase ruleBase = TestCampaigns.build("picky.yaml", PICKY);
        List<RecommendationScore> kitchen = List.of(new RecommendationScore("c", "p1", "Kitchen", 0.7));
        for (double total : new double[]{20, 50, 80}) {
            for (long orders : new long[]{1, 2}) {
                for (List<String> segments : List.of(List.of("Champions"), List.of("Champions", "At risk"), List.<String>of())) {
                    for (List<RecommendationScore> recos : List.of(kitchen, List.<RecommendationScore>of())) {
                        Situation situation = france(order("c", total, orders, segments, recos, true, List.of()));
                        boolean matched = ruleBase.match(situation).containsKey("picky");
                        assertThat(CampaignExplainer.unmet(picky(), situation).isEmpty())
                                .as("total %s, orders %s, segments %s, recos %s", total, orders, segments, recos.size())
                                .isEqualTo(matched);
                    }
                }
            }
        }
    }

    private static Situation france(Situation s) {
        var customer = new dev.herald.engine.decision.CustomerFacts(s.customer().customerId(), "France",
                s.customer().orderCount(), s.customer().lifetimeSpend(), s.customer().attributes());
        return new Situation(s.event(), customer, s.segments(), s.rfm(), s.recommendations(), s.consents(),
                s.recentSends());
    }
}
