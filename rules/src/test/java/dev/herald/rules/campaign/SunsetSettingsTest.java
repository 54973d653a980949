package dev.herald.rules.campaign;

import dev.herald.engine.delivery.SunsetPolicy;
import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sunset policy (ADR 0070): {@code sunset} in herald-rules.yaml and a campaign's
 * {@code audience.includeUnengaged}, read from YAML and decision tables, refused at their lines where they cannot
 * apply.
 */
class SunsetSettingsTest {

    static final String MARKETING = "id: offer\ntrigger: {event: order_completed}\ntemplate: win-back\n";

    @Test
    void thePolicyIsReadWithFiveEmailsUnlessToldOtherwise() {
        assertThat(load("herald-rules.yaml", "sunset: {after: 180d}\n", "o.yaml", MARKETING).settings().sunset())
                .isEqualTo(new SunsetPolicy(Duration.ofDays(180), 5));
        assertThat(load("herald-rules.yaml", "sunset:\n  after: 26w\n  minEmails: 8\n", "o.yaml", MARKETING)
                .settings().sunset()).isEqualTo(new SunsetPolicy(Duration.ofDays(182), 8));
        assertThat(load("o.yaml", MARKETING).settings().sunset()).isEqualTo(SunsetPolicy.NONE);
    }

    @Test
    void aPolicyThatCannotApplyIsReportedAtItsLine() {
        assertThat(errors("sunset: {minEmails: 5}\n")).containsExactly(new RuleError("herald-rules.yaml", 1,
                "sunset needs 'after': how long without an open, click or order before marketing email stops, e.g."
                        + " after: 180d"));
        assertThat(errors("sunset:\n  after: 3d\n")).containsExactly(new RuleError("herald-rules.yaml", 2,
                "sunset.after must be at least 7d: a shorter silence says nothing (people go on holiday), got 3d"));
        assertThat(errors("sunset:\n  after: 180d\n  minEmails: 0\n")).singleElement()
                .satisfies(e -> assertThat(e.line()).isEqualTo(3))
                .satisfies(e -> assertThat(e.message()).contains("sunset.minEmails must be within 1..1000"));
        assertThat(errors("sunset:\n  after: 180d\n  days: 5\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("days"));
    }

    @Test
    void aCampaignMayReachTheUnengagedInYamlOrInADecisionTable() {
        CampaignDefinition yaml = load("w.yaml", """
                id: we-miss-you
                trigger: {event: segment_changed}
                audience:
                  includeUnengaged: true
                template: win-back
                """).campaigns().get(0);
        CampaignDefinition table = load("t.csv", "id,trigger.event,audience.includeUnengaged,template\n"
                + "nudge,order_completed,true,welcome\n").campaigns().get(0);

        assertThat(yaml.includeUnengaged()).isTrue();
        assertThat(table.includeUnengaged()).isTrue();
        assertThat(load("o.yaml", MARKETING).campaigns().get(0).includeUnengaged()).isFalse();
    }

    @Test
    void aTransactionalCampaignMayNotAskForItAtItsLine() {
        List<RuleError> errors = load("r.yaml", """
                id: receipt
                type: transactional
                trigger: {event: order_completed}
                audience:
                  includeUnengaged: true
                template: thank-you
                """).errors();
        assertThat(errors).containsExactly(new RuleError("r.yaml", 5, "a transactional campaign is never held back by"
                + " the sunset policy: remove audience.includeUnengaged, or make it type: marketing"));
    }

    @Test
    void aPolicyOrAnIncludedCampaignGivesANewVersionAndFalseKeepsTheOldOne() {
        String plain = build("o.yaml", MARKETING).version();
        assertThat(build("o.yaml", MARKETING.replace("template:", "audience: {includeUnengaged: false}\ntemplate:"))
                .version()).isEqualTo(plain);
        assertThat(build("o.yaml", MARKETING.replace("template:", "audience: {includeUnengaged: true}\ntemplate:"))
                .version()).isNotEqualTo(plain);
        assertThat(build("herald-rules.yaml", "sunset: {after: 180d}\n", "o.yaml", MARKETING).version())
                .isNotEqualTo(plain);
    }

    private static List<RuleError> errors(String settings) {
        return load("herald-rules.yaml", settings, "o.yaml", MARKETING).errors();
    }
}
