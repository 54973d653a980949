package dev.herald.routes.console.campaigns;

import dev.herald.engine.delivery.DeliverabilityPolicy;
import dev.herald.engine.delivery.SunsetPolicy;
import dev.herald.engine.experiment.GlobalControlGroup;
import dev.herald.engine.scoring.ScoringPolicy;
import dev.herald.rules.campaign.CampaignDefinition.FrequencyCap;
import dev.herald.rules.campaign.RuleSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The campaigns page's folder policies: each of herald-rules.yaml's settings in words, "none" where it is off. */
class CampaignPoliciesTest {

    @Test
    void eachFolderPolicyIsSaidInWords() {
        RuleSettings settings = new RuleSettings(new FrequencyCap(3, Duration.ofDays(7)), Set.of(),
                Map.of("newsletter", "Our monthly newsletter"), new GlobalControlGroup(0.05), Map.of(),
                new SunsetPolicy(Duration.ofDays(180), 5), DeliverabilityPolicy.NONE, ScoringPolicy.DEFAULT);

        List<Map<String, Object>> policies = CampaignsModule.policies(settings);

        assertThat(policies).extracting(p -> p.get("label") + ": " + p.get("text")).containsExactly(
                "Global cap: at most 3 campaign emails per customer per 7d",
                "Global control group: 5% of customers get no marketing email (Herald's lift is measured on them)",
                "Sunset: no marketing email to customers with no opens, clicks or orders in 180d over at least 5"
                        + " marketing emails",
                "Deliverability guard: none",
                "Engagement scoring: " + ScoringPolicy.DEFAULT.describe(),
                "Subscription topics: Our monthly newsletter");
        assertThat(CampaignsModule.policies(RuleSettings.DEFAULT)).extracting(p -> p.get("text"))
                .contains("none", DeliverabilityPolicy.DEFAULT.describe());
    }
}
