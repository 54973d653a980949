package dev.herald.rules.campaign;

import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.TriggerEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.herald.rules.campaign.TestCampaigns.NOON;
import static org.assertj.core.api.Assertions.assertThat;

/** Campaigns can trigger on the Segment-derived events, with conditions on their attributes. */
class SegmentEventTriggerTest {

    private static final String BIG_CHECKOUT = """
            id: big-checkout
            trigger:
              event: checkout_started
              conditions:
                - cart_total >= 50
            template: welcome
            """;

    @Test
    void aCheckoutStartedCampaignMatchesOnTheCartTotal() {
        CampaignRuleBase rules = TestCampaigns.build("c.yaml", BIG_CHECKOUT);

        assertThat(rules.evaluate(event("checkout_started", Map.of("cart_total", new BigDecimal("75")))).winner())
                .contains("big-checkout");
        assertThat(rules.evaluate(event("checkout_started", Map.of("cart_total", new BigDecimal("20")))).winner())
                .isEmpty();
        assertThat(rules.evaluate(event("product_added", Map.of("price", new BigDecimal("75")))).winner()).isEmpty();
    }

    @Test
    void everyNewEventTypeIsAValidTrigger() {
        Map<String, String> conditionByType = Map.of("customer_identified", "", "page_viewed",
                "page_name == Teapots", "product_viewed", "price >= 50", "product_added", "quantity >= 2",
                "cart_viewed", "", "checkout_started", "item_count >= 3");
        conditionByType.forEach((type, condition) -> {
            String definition = condition.isEmpty()
                    ? "id: t\ntrigger:\n  event: " + type + "\ntemplate: welcome\n"
                    : "id: t\ntrigger:\n  event: " + type + "\n  conditions:\n    - " + condition
                    + "\ntemplate: welcome\n";
            assertThat(TestCampaigns.load("c.yaml", definition).errors()).as(type).isEmpty();
        });
    }

    private static Situation event(String type, Map<String, Object> attributes) {
        return new Situation(new TriggerEvent("e-1", type, NOON, attributes),
                new CustomerFacts("c1", "United Kingdom", 1, BigDecimal.TEN, Map.of()),
                List.of(), null, List.of(), List.of(), List.of());
    }
}
