package dev.herald.rules.campaign;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.TriggerEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaigns test the lifetime predictions that {@code herald lifetime predict} stores as customer attributes
 * (ADR 0072): a win-back for customers unlikely to buy soon, a thank-you for those expected to buy again.
 */
class LifetimeConditionsTest {

    static final String WIN_BACK = """
            id: unlikely-to-return
            trigger: {event: order_completed}
            audience:
              conditions:
                - purchase_probability_90d < 0.2
                - alive_probability >= 0.5
            template: win-back
            """;
    static final String REGULARS = """
            id: regulars
            priority: 10
            trigger: {event: order_completed}
            audience:
              conditions:
                - expected_orders_90d >= 2
                - expected_spend_90d > 100
            template: thank-you
            """;

    @Test
    void theConditionsReadTheStoredPredictions() {
        CampaignRuleBase rules = build("w.yaml", WIN_BACK, "r.yaml", REGULARS);

        assertThat(rules.evaluate(customer(Map.of("purchase_probability_90d", new BigDecimal("0.1200"),
                "alive_probability", new BigDecimal("0.9000"), "expected_orders_90d", new BigDecimal("0.1500"))))
                .winner()).contains("unlikely-to-return");
        assertThat(rules.evaluate(customer(Map.of("purchase_probability_90d", new BigDecimal("0.9500"),
                "alive_probability", new BigDecimal("1.0000"), "expected_orders_90d", new BigDecimal("3.2000"),
                "expected_spend_90d", new BigDecimal("412.5000"))))
                .winner()).contains("regulars");
        assertThat(rules.evaluate(customer(Map.of())).winner()).as("no predictions stored yet: neither matches")
                .isEmpty();
    }

    @Test
    void theyAreNumbersForTheValidator() {
        assertThat(load("w.yaml", WIN_BACK.replace("< 0.2", "== likely")).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("purchase_probability_90d"));
    }

    private static Situation customer(Map<String, Object> attributes) {
        return new Situation(new TriggerEvent("e-1", "order_completed", TestCampaigns.NOON,
                Map.of("total", BigDecimal.TEN)),
                new CustomerFacts("c1", "United Kingdom", 3, BigDecimal.valueOf(60), attributes), List.of(), null,
                List.of(), List.of(new ConsentFact("c1", "email", true)), List.of());
    }
}
