package dev.herald.rules.campaign;

import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.reco.InteractionMatrix;
import dev.herald.engine.reco.LiveRecommendations;
import dev.herald.engine.reco.ProductCatalog;
import dev.herald.engine.reco.RecommendationFacts;
import dev.herald.engine.reco.RecommendationRequest;
import dev.herald.engine.reco.Recommenders;
import dev.herald.engine.reco.WorkerPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaign conditions on recommendations ("top recommendation score ≥ X", "recommended category = Y") evaluated
 * on the facts the recommendation engine really produces for a customer, not on hand-written scores.
 */
class RecommendationConditionTest {

    static RecommendationFacts annFacts;
    static List<RecommendationScore> ann;

    @BeforeAll
    static void recommendForAnn() {
        InteractionMatrix.Builder shop = InteractionMatrix.builder();
        for (int c = 0; c < 8; c++) {
            shop.add("c" + c, "MUG", 1).add("c" + c, "TEAPOT", 1);
            if (c < 3) {
                shop.add("c" + c, "LAMP", 1);
            }
        }
        shop.add("ann", "MUG", 1);
        ProductCatalog catalog = new ProductCatalog()
                .put(new ProductCatalog.Product("MUG", "Mug", "Kitchen", new BigDecimal("3.50"), true))
                .put(new ProductCatalog.Product("TEAPOT", "Teapot", "Kitchen", new BigDecimal("12.00"), true))
                .put(new ProductCatalog.Product("LAMP", "Lamp", "Lighting", new BigDecimal("25.00"), true));
        try (WorkerPool pool = new WorkerPool(1)) {
            annFacts = new LiveRecommendations(Recommenders.byName(Recommenders.DEFAULT, true), pool, catalog,
                    shop.build()).recommend("ann", RecommendationRequest.top(3, true));
        }
        ann = annFacts.decisionScores();
    }

    private static String crossSell(String recommendation) {
        return """
                id: cross-sell
                priority: 50
                trigger:
                  event: order_completed
                recommendation:
                %s
                template: thank-you
                """.formatted(recommendation);
    }

    @Test
    void theEngineGivesAnnAStrongKitchenRecommendation() {
        assertThat(annFacts.topScore()).isGreaterThanOrEqualTo(0.3);
        assertThat(annFacts.topCategory()).isEqualTo("Kitchen");
        assertThat(ann).extracting(RecommendationScore::productId).doesNotContain("MUG");
    }

    @Test
    void topScoreAtLeastTheThresholdMatches() {
        CampaignRuleBase rules = build("c.yaml", crossSell("  minScore: 0.3"));

        Verdict verdict = rules.evaluate(order("ann", 20, 2, List.of(), ann, true, List.of()));

        assertThat(verdict.winner()).contains("cross-sell");
        assertThat(verdict.outcomeOf("cross-sell").orElseThrow().expectedValue()).isEqualTo(annFacts.topScore());
    }

    @Test
    void aThresholdAboveTheTopScoreDoesNotMatch() {
        double above = Math.min(1.0, Math.ceil(annFacts.topScore() * 100 + 1) / 100);
        CampaignRuleBase rules = build("c.yaml", crossSell("  minScore: " + above));

        assertThat(rules.evaluate(order("ann", 20, 2, List.of(), ann, true, List.of())).winner()).isEmpty();
    }

    @Test
    void recommendedCategoryMatchesOnlyTheCategoriesRecommended() {
        CampaignRuleBase kitchen = build("c.yaml", crossSell("  minScore: 0\n  category: Kitchen"));
        CampaignRuleBase garden = build("c.yaml", crossSell("  minScore: 0\n  category: Garden"));

        assertThat(kitchen.evaluate(order("ann", 20, 2, List.of(), ann, true, List.of())).winner())
                .contains("cross-sell");
        assertThat(garden.evaluate(order("ann", 20, 2, List.of(), ann, true, List.of())).winner()).isEmpty();
    }

    @Test
    void aCustomerWithoutRecommendationsDoesNotMatch() {
        CampaignRuleBase rules = build("c.yaml", crossSell("  minScore: 0"));

        assertThat(rules.evaluate(order("bob", 20, 2, List.of(), List.of(), true, List.of())).winner()).isEmpty();
    }
}
