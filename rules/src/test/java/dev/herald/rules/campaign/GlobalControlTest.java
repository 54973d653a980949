package dev.herald.rules.campaign;

import dev.herald.engine.experiment.GlobalControlGroup;
import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global control group (ADR 0066): {@code globalControl} in herald-rules.yaml keeps a stable share of customers
 * out of every marketing campaign, never out of a transactional one, and changes the rule base version.
 */
class GlobalControlTest {

    static final String MARKETING = "id: offer\npriority: 90\ntrigger: {event: order_completed}\ntemplate: win-back\n";
    static final String RECEIPT = "id: receipt\npriority: 10\ntype: transactional\ntrigger: {event: order_completed}\n"
            + "template: thank-you\n";

    @Test
    void theShareIsReadAsAPercentageOrAFraction() {
        assertThat(load("herald-rules.yaml", "globalControl: 5%\n", "o.yaml", MARKETING).settings().globalControl())
                .isEqualTo(new GlobalControlGroup(0.05));
        assertThat(load("herald-rules.yaml", "globalControl: 0.1\n", "o.yaml", MARKETING).settings().globalControl())
                .isEqualTo(new GlobalControlGroup(0.1));
        assertThat(load("o.yaml", MARKETING).settings().globalControl()).isEqualTo(GlobalControlGroup.NONE);
    }

    @Test
    void aCustomerInTheGroupGetsNoMarketingCampaignButTheTransactionalOneStillWins() {
        CampaignRuleBase rules = build("herald-rules.yaml", "globalControl: 50%\n", "o.yaml", MARKETING,
                "r.yaml", RECEIPT);
        GlobalControlGroup group = new GlobalControlGroup(0.5);
        String member = IntStream.range(0, 100).mapToObj(i -> "c" + i).filter(group::contains).findFirst().orElseThrow();
        String other = IntStream.range(0, 100).mapToObj(i -> "c" + i).filter(id -> !group.contains(id)).findFirst()
                .orElseThrow();

        Verdict held = rules.evaluate(TestCampaigns.order(member, 30));

        assertThat(held.winner()).contains("receipt");
        assertThat(held.outcomeOf("offer")).hasValueSatisfying(o -> assertThat(o.reason()).isEqualTo("global control"
                + " group: the 50% of customers who get no marketing email, so that its overall effect can be"
                + " measured"));
        assertThat(rules.evaluate(TestCampaigns.order(other, 30)).winner()).contains("offer");
    }

    @Test
    void aNewShareGivesANewRuleBaseVersionAndNoShareKeepsTheOldOne() {
        String none = build("o.yaml", MARKETING).version();
        assertThat(build("herald-rules.yaml", "globalControl: 0%\n", "o.yaml", MARKETING).version()).isEqualTo(none);
        assertThat(build("herald-rules.yaml", "globalControl: 5%\n", "o.yaml", MARKETING).version()).isNotEqualTo(none);
    }

    @Test
    void aShareThatCannotBeReadOrIsTooLargeIsReportedAtItsLine() {
        assertThat(errors("herald-rules.yaml", "globalControl: lots\n", "o.yaml", MARKETING)).containsExactly(
                new RuleError("herald-rules.yaml", 1, "type mismatch: globalControl must be a share such as 5% or"
                        + " 0.05, got 'lots'"));
        assertThat(errors("herald-rules.yaml", "globalControl: 60%\n", "o.yaml", MARKETING)).containsExactly(
                new RuleError("herald-rules.yaml", 1, "globalControl must be within 0% and 50%, got 60%"));
    }

    private static List<RuleError> errors(String... fileAndText) {
        return load(fileAndText).errors();
    }
}
