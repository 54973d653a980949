package dev.herald.rules.campaign;

import dev.herald.engine.scoring.ScoringPolicy;
import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engagement scoring's policy (ADR 0075): {@code scoring} in herald-rules.yaml, on with its defaults unless the file
 * says off; points listed replace those actions' defaults; refused at its line where it cannot score. A campaign may
 * name the engagement segments and test {@code engagement_score}.
 */
class ScoringSettingsTest {

    static final String MARKETING = "id: offer\ntrigger: {event: order_completed}\ntemplate: win-back\n";

    @Test
    void scoringIsOnWithItsDefaultsUnlessTheFileSaysOff() {
        assertThat(load("o.yaml", MARKETING).settings().scoring()).isEqualTo(ScoringPolicy.DEFAULT);
        assertThat(policy("scoring: off\n")).isEqualTo(ScoringPolicy.NONE);
    }

    @Test
    void pointsListedReplaceThoseActionsAndTheRestKeepTheirDefaults() {
        ScoringPolicy policy = policy("scoring:\n  halfLife: 2w\n  points: {email_clicked: 10, page_viewed: 0}\n"
                + "  veryEngaged: 50\n  engaged: 20\n");

        assertThat(policy.halfLife()).isEqualTo(Duration.ofDays(14));
        assertThat(policy.pointsOf("email_clicked")).isEqualTo(10);
        assertThat(policy.pointsOf("page_viewed")).isZero();
        assertThat(policy.pointsOf("order_completed")).isEqualTo(ScoringPolicy.DEFAULT.pointsOf("order_completed"));
        assertThat(policy.veryEngagedFrom()).isEqualTo(50);
        assertThat(policy.engagedFrom()).isEqualTo(20);
    }

    @Test
    void aPolicyThatCannotScoreIsReportedAtItsLine() {
        assertThat(errors("scoring:\n  points:\n    tweeted: 5\n")).singleElement()
                .satisfies(e -> assertThat(e.line()).isEqualTo(3))
                .satisfies(e -> assertThat(e.message()).contains("scoring.points has no action 'tweeted' (known:"
                        + " email_opened, email_clicked"));
        assertThat(errors("scoring:\n  halfLife: 6h\n")).containsExactly(new RuleError("herald-rules.yaml", 2,
                "scoring.halfLife must be at least 1d: engagement does not fade within hours, got 6h"));
        assertThat(errors("scoring:\n  veryEngaged: 10\n  engaged: 10\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("scoring needs 0 < engaged < veryEngaged, got"
                        + " engaged 10 and veryEngaged 10"));
        assertThat(errors("scoring:\n  points: {email_opened: -1}\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("scoring.points.email_opened"));
        assertThat(errors("scoring: sometimes\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("scoring must be off or a mapping"));
    }

    @Test
    void campaignsNameTheEngagementSegmentsAndTestTheScore() {
        CampaignLoader engine = new CampaignLoader(new Catalog(Catalog.ENGINE_SEGMENTS, template -> true));
        CampaignLoader.Loaded loaded = engine.load(java.util.Map.of("vip.yaml", """
                id: vip
                trigger:
                  event: segment_changed
                  conditions:
                    - to_segment == Very engaged
                audience:
                  segments: [Very engaged, Engaged]
                  conditions:
                    - engagement_score >= 30
                template: win-back
                """));

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.campaigns()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo("vip"));
    }

    private static ScoringPolicy policy(String settings) {
        CampaignLoader.Loaded loaded = load("herald-rules.yaml", settings, "o.yaml", MARKETING);
        assertThat(loaded.errors()).isEmpty();
        return loaded.settings().scoring();
    }

    private static List<RuleError> errors(String settings) {
        return load("herald-rules.yaml", settings, "o.yaml", MARKETING).errors();
    }
}
