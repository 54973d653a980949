package dev.herald.rules.campaign;

import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.RecentSend;
import dev.herald.engine.decision.RecommendationScore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.NOON;
import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.order;
import static org.assertj.core.api.Assertions.assertThat;

/** When several campaigns match one event, one goes out: priority, then expected value, under caps. */
class NextBestActionTest {

    private static String campaign(String id, int priority, String extra) {
        return """
                id: %s
                priority: %d
                trigger:
                  event: order_completed
                template: welcome
                %s
                """.formatted(id, priority, extra);
    }

    private static final String RECO = "recommendation:\n  minScore: 0.1\n";

    @Test
    void theHighestPriorityWinsAndTheOthersAreOutranked() {
        CampaignRuleBase rules = build("a.yaml", campaign("low", 10, ""), "b.yaml", campaign("high", 50, ""),
                "c.yaml", campaign("mid", 30, ""));

        Verdict verdict = rules.evaluate(order("c1", 20));

        assertThat(verdict.decision()).contains(new Decision("high", "welcome", "c1"));
        assertThat(verdict.outcomeOf("mid").orElseThrow().status()).isEqualTo(CampaignOutcome.Status.OUTRANKED);
        assertThat(verdict.outcomeOf("low").orElseThrow().reason()).isEqualTo("priority 10 below high's 50");
    }

    @Test
    void equalPrioritiesGoToTheHighestExpectedValue() {
        CampaignRuleBase rules = build(
                "a.yaml", campaign("home-offer", 20, RECO + "  category: home"),
                "b.yaml", campaign("garden-offer", 20, RECO + "  category: garden"));
        List<RecommendationScore> recos = List.of(new RecommendationScore("c1", "p1", "home", 0.4),
                new RecommendationScore("c1", "p2", "garden", 0.9), new RecommendationScore("c1", "p3", "home", 0.6));

        Verdict verdict = rules.evaluate(order("c1", 20, 1, List.of(), recos, true, List.of()));

        assertThat(verdict.winner()).contains("garden-offer");
        assertThat(verdict.outcomeOf("garden-offer").orElseThrow().expectedValue()).isEqualTo(0.9);
        assertThat(verdict.outcomeOf("home-offer").orElseThrow().expectedValue()).isEqualTo(0.6);
        assertThat(verdict.outcomeOf("home-offer").orElseThrow().reason())
                .isEqualTo("same priority as garden-offer, lower expected value 0.6 < 0.9");
    }

    @Test
    void theGlobalCapSuppressesEveryCampaign() {
        CampaignRuleBase rules = build("herald-rules.yaml", "globalCap: {max: 2, per: 7d}",
                "a.yaml", campaign("a", 10, ""), "b.yaml", campaign("b", 20, ""));
        List<RecentSend> twoThisWeek = List.of(new RecentSend("c1", "x", NOON.minus(Duration.ofDays(1))),
                new RecentSend("c1", "y", NOON.minus(Duration.ofDays(6))));
        List<RecentSend> oneThisWeek = List.of(new RecentSend("c1", "x", NOON.minus(Duration.ofDays(1))),
                new RecentSend("c1", "y", NOON.minus(Duration.ofDays(8))));

        Verdict capped = rules.evaluate(order("c1", 20, 1, List.of(), List.of(), true, twoThisWeek));
        Verdict allowed = rules.evaluate(order("c1", 20, 1, List.of(), List.of(), true, oneThisWeek));

        assertThat(capped.decision()).isEmpty();
        assertThat(capped.outcomes()).extracting(CampaignOutcome::status)
                .containsOnly(CampaignOutcome.Status.SUPPRESSED);
        assertThat(capped.outcomes().get(0).reason()).startsWith("global cap: 2 campaign emails in the last 7d");
        assertThat(allowed.winner()).contains("b");
    }

    @Test
    void aSuppressedHigherPriorityLetsTheNextOneWin() {
        CampaignRuleBase rules = build(
                "a.yaml", campaign("capped", 90, "frequencyCap: {max: 1, per: 30d}"),
                "b.yaml", campaign("needs-consent", 80, "audience: {consent: email}"),
                "c.yaml", campaign("fallback", 10, ""));
        List<RecentSend> sent = List.of(new RecentSend("c1", "capped", NOON.minus(Duration.ofDays(3))));

        Verdict verdict = rules.evaluate(order("c1", 20, 1, List.of(), List.of(), false, sent));

        assertThat(verdict.winner()).contains("fallback");
        assertThat(verdict.outcomeOf("capped").orElseThrow().reason()).startsWith("frequency cap: 1 sent in the last 30d");
        assertThat(verdict.outcomeOf("needs-consent").orElseThrow().reason())
                .isEqualTo("consent: no email marketing consent on record");
    }

    @Test
    void quietHoursAndValidDatesSuppress() {
        CampaignRuleBase rules = build(
                "a.yaml", campaign("quiet", 10, "timing: {quietHours: {from: \"11:00\", to: \"13:00\", zone: UTC}}"),
                "b.yaml", campaign("expired", 10, "timing: {validUntil: 2026-11-22}"),
                "c.yaml", campaign("future", 10, "timing: {validFrom: 2026-11-24}"));

        Verdict verdict = rules.evaluate(order("c1", 20));

        assertThat(verdict.decision()).isEmpty();
        assertThat(verdict.outcomeOf("quiet").orElseThrow().reason()).startsWith("quiet hours 11:00–13:00");
        assertThat(verdict.outcomeOf("expired").orElseThrow().reason()).startsWith("no longer valid");
        assertThat(verdict.outcomeOf("future").orElseThrow().reason()).startsWith("not valid yet");
    }

    @Test
    void holdoutKeepsAboutItsShareOfCustomersOutAndIsStablePerCustomer() {
        CampaignRuleBase rules = build("a.yaml", campaign("held", 10, "holdout: 0.2"));
        int heldOut = 0;
        for (int i = 0; i < 2000; i++) {
            Verdict verdict = rules.evaluate(order("customer-" + i, 20));
            if (verdict.decision().isEmpty()) {
                heldOut++;
                assertThat(verdict.outcomeOf("held").orElseThrow().reason()).startsWith("holdout");
            }
            assertThat(rules.evaluate(order("customer-" + i, 20)).decision()).isEqualTo(verdict.decision());
        }
        assertThat(heldOut).isBetween(340, 460);
    }

    @Test
    void variantsSplitCustomersByWeightAndDelaysAndWaitsAreCarried() {
        CampaignRuleBase rules = build("a.yaml", campaign("exp", 10, """
                variants:
                  - {name: a, template: welcome, weight: 3}
                  - {name: b, template: thank-you, weight: 1}
                experiment: subject-test
                timing: {delay: 1h, waitFor: {event: product_viewed, timeout: 2h}}
                """));
        int b = 0;
        for (int i = 0; i < 2000; i++) {
            Decision decision = rules.evaluate(order("customer-" + i, 20)).decision().orElseThrow();
            assertThat(decision.delay()).isEqualTo(Duration.ofHours(3));
            assertThat(decision.cancelOnEvent()).isEqualTo("product_viewed");
            if (decision.variant().equals("b")) {
                b++;
                assertThat(decision.templateKey()).isEqualTo("thank-you");
            }
        }
        assertThat(b).isBetween(420, 580);
    }
}
