package dev.herald.routes.console.delivery;

import dev.herald.engine.delivery.CampaignHealth;
import dev.herald.engine.delivery.CampaignPauses.Pause;
import dev.herald.engine.delivery.DeliverabilityGuard;
import dev.herald.engine.delivery.DeliverabilityPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery page's campaign health (ADR 0074): each campaign's figures and rates, the rates above the policy
 * marked, paused campaigns listed even without emails in the window, and the policy in words.
 */
class CampaignHealthModelTest {

    static final DeliverabilityPolicy POLICY = new DeliverabilityPolicy(0.05, 0.003, 100, Duration.ofHours(24));
    static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void ratesAboveThePolicyAreMarkedAndEachCampaignSaysWhetherItIsPaused() {
        Map<String, Object> model = DeliveryModule.health(List.of(
                        new CampaignHealth("newsletter", 1200, 72, 1),
                        new CampaignHealth("welcome", 1000, 10, 4)),
                List.of(new Pause("newsletter", AT, DeliverabilityGuard.ACTOR,
                        "bounce rate 6% (72 of 1200 emails in 1d) is above 5%", 40)), POLICY);

        List<Map<String, Object>> rows = rows(model);
        assertThat(rows).extracting(r -> r.get("campaign")).containsExactly("newsletter", "welcome");
        assertThat(rows.get(0)).containsEntry("emails", "1,200").containsEntry("bounced", "72")
                .containsEntry("bounceRate", "6%").containsEntry("bounceOver", true)
                .containsEntry("complaintRate", "0.08%").containsEntry("complaintOver", false)
                .containsEntry("paused", true);
        assertThat((String) rows.get(0).get("pause")).contains("by the deliverability guard")
                .endsWith("40 emails are waiting.");
        assertThat(rows.get(1)).containsEntry("bounceRate", "1%").containsEntry("bounceOver", false)
                .containsEntry("complaintRate", "0.4%").containsEntry("complaintOver", true)
                .containsEntry("paused", false);
        assertThat(model).containsEntry("window", "1d").containsEntry("on", true)
                .containsEntry("policy", POLICY.describe());
    }

    @Test
    void aPausedCampaignWithoutEmailsInTheWindowIsListedWithoutRates() {
        List<Map<String, Object>> rows = rows(DeliveryModule.health(List.of(),
                List.of(new Pause("spring-sale", AT, "console:mia", "checking", 2)), POLICY));

        assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsEntry("emails", "0")
                .containsEntry("bounceRate", "–").containsEntry("bounceOver", false).containsEntry("paused", true));
    }

    @Test
    void withTheGuardOffNothingIsMarkedAndTheWindowIsTheDefaultDay() {
        Map<String, Object> model = DeliveryModule.health(List.of(new CampaignHealth("newsletter", 10, 5, 5)),
                List.of(), DeliverabilityPolicy.NONE);

        assertThat(rows(model)).singleElement().satisfies(r -> assertThat(r).containsEntry("bounceRate", "50%")
                .containsEntry("bounceOver", false).containsEntry("complaintOver", false));
        assertThat(model).containsEntry("on", false).containsEntry("window", "1d");
        assertThat(model.get("policy")).isNull();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> model) {
        return (List<Map<String, Object>>) model.get("rows");
    }
}
