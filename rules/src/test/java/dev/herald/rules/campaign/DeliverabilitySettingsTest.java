package dev.herald.rules.campaign;

import dev.herald.engine.delivery.DeliverabilityPolicy;
import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deliverability guard's policy (ADR 0074): {@code deliverability} in herald-rules.yaml, on with the published
 * thresholds unless the file says otherwise, each field optional, refused at its line where it cannot apply.
 */
class DeliverabilitySettingsTest {

    static final String MARKETING = "id: offer\ntrigger: {event: order_completed}\ntemplate: win-back\n";

    @Test
    void theGuardIsOnWithThePublishedThresholdsUnlessTheFileSaysOff() {
        assertThat(load("o.yaml", MARKETING).settings().deliverability()).isEqualTo(DeliverabilityPolicy.DEFAULT);
        assertThat(policy("globalControl: 5%\n")).isEqualTo(DeliverabilityPolicy.DEFAULT);
        assertThat(policy("deliverability: off\n")).isEqualTo(DeliverabilityPolicy.NONE);
        assertThat(policy("deliverability: none\n")).isEqualTo(DeliverabilityPolicy.NONE);
    }

    @Test
    void fieldsLeftOutKeepTheirDefaults() {
        assertThat(policy("deliverability: {bounceRate: 2%}\n"))
                .isEqualTo(new DeliverabilityPolicy(0.02, 0.003, 200, Duration.ofHours(24)));
        assertThat(policy("deliverability:\n  bounceRate: 0.1\n  complaintRate: 0.1%\n  minEmails: 50\n  within: 7d\n"))
                .isEqualTo(new DeliverabilityPolicy(0.1, 0.001, 50, Duration.ofDays(7)));
    }

    @Test
    void aPolicyThatCannotApplyIsReportedAtItsLine() {
        assertThat(errors("deliverability:\n  bounceRate: 0%\n")).containsExactly(new RuleError("herald-rules.yaml", 2,
                "deliverability.bounceRate must be above 0%; to never pause a campaign write deliverability: off"));
        assertThat(errors("deliverability:\n  bounceRate: 5%\n  within: 30m\n")).containsExactly(new RuleError(
                "herald-rules.yaml", 3, "deliverability.within must be at least 1h, got 30m"));
        assertThat(errors("deliverability:\n  complaintRate: 20%\n")).singleElement()
                .satisfies(e -> assertThat(e.line()).isEqualTo(2))
                .satisfies(e -> assertThat(e.message()).contains("deliverability.complaintRate must be within 0% and 10%"));
        assertThat(errors("deliverability:\n  minEmails: 0\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("deliverability.minEmails must be within 1..10000000"));
        assertThat(errors("deliverability:\n  bounces: 5%\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("unknown field 'bounces'"));
        assertThat(errors("deliverability: sometimes\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("deliverability must be off or a mapping"));
        // a refused policy leaves the guard as it would be without the entry, never off by mistake
        assertThat(load("herald-rules.yaml", "deliverability:\n  bounceRate: 0%\n", "o.yaml", MARKETING).settings()
                .deliverability()).isEqualTo(DeliverabilityPolicy.DEFAULT);
    }

    private static DeliverabilityPolicy policy(String settings) {
        CampaignLoader.Loaded loaded = load("herald-rules.yaml", settings, "o.yaml", MARKETING);
        assertThat(loaded.errors()).isEmpty();
        return loaded.settings().deliverability();
    }

    private static List<RuleError> errors(String settings) {
        return load("herald-rules.yaml", settings, "o.yaml", MARKETING).errors();
    }
}
