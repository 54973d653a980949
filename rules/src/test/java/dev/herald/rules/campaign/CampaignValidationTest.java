package dev.herald.rules.campaign;

import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/** Each validation error names the file and the line of the offending value, in plain words. */
class CampaignValidationTest {

    private static final String VALID = """
            id: win-back
            priority: 40
            trigger:
              event: order_completed
              conditions:
                - total >= 20
            audience:
              segments: [At risk]
              rfm:
                recency: "<= 2"
              consent: email
            frequencyCap:
              max: 1
              per: 30d
            template: win-back
            """;

    @Test
    void aValidYamlCampaignLoadsWithEveryField() {
        CampaignLoader.Loaded loaded = load("win-back.yaml", VALID);

        assertThat(loaded.errors()).isEmpty();
        CampaignDefinition campaign = loaded.campaigns().get(0);
        assertThat(campaign.id()).isEqualTo("win-back");
        assertThat(campaign.priority()).isEqualTo(40);
        assertThat(campaign.eventConditions()).singleElement()
                .satisfies(c -> assertThat(c.value()).isEqualTo(20.0));
        assertThat(campaign.segmentsIn()).containsExactly("At risk");
        assertThat(campaign.frequencyCap().max()).isEqualTo(1);
    }

    @Test
    void unknownSegmentIsReportedOnItsLine() {
        assertThat(errorsOf(VALID.replace("[At risk]", "[At rsik]")))
                .containsExactly(new RuleError("c.yaml", 8, "unknown segment 'At rsik' (known: "
                        + new java.util.TreeSet<>(Catalog.RFM_SEGMENTS) + ")"));
    }

    @Test
    void unknownTemplateIsReportedOnItsLine() {
        assertThat(errorsOf(VALID.replace("template: win-back", "template: win-bakc")))
                .containsExactly(new RuleError("c.yaml", 15, "unknown template 'win-bakc': no email template with that key exists"));
    }

    @Test
    void typeMismatchIsReportedOnItsLine() {
        List<RuleError> errors = errorsOf(VALID.replace("total >= 20", "total >= twenty"));
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(6);
            assertThat(error.message()).isEqualTo("type mismatch: total is a number, but 'twenty' is not");
        });
        assertThat(errorsOf(VALID.replace("priority: 40", "priority: high")))
                .singleElement().satisfies(error -> assertThat(error.line()).isEqualTo(2));
    }

    @Test
    void unknownAttributeIsReportedOnItsLine() {
        assertThat(errorsOf(VALID.replace("total >= 20", "totl >= 20"))).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(6);
            assertThat(error.message()).startsWith("unknown attribute 'totl' of event order_completed (known: [");
        });
    }

    @Test
    void impossibleCapIsReportedOnItsLine() {
        assertThat(errorsOf(VALID.replace("max: 1", "max: 0"))).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(13);
            assertThat(error.message()).startsWith("impossible cap: frequencyCap.max is 0");
        });
        assertThat(errorsOf(VALID.replace("recency: \"<= 2\"", "recency: \"> 5\""))).singleElement()
                .satisfies(error -> assertThat(error.message()).isEqualTo("RFM recency > 5 can never match: scores are 1..5"));
    }

    @Test
    void yamlSyntaxErrorIsReportedOnItsLine() {
        assertThat(errorsOf(VALID.replace("  segments: [At risk]", "  segments: [At risk"))).singleElement()
                .satisfies(error -> {
                    assertThat(error.file()).isEqualTo("c.yaml");
                    assertThat(error.line()).isBetween(8, 10);
                    assertThat(error.message()).startsWith("YAML syntax:");
                });
    }

    @Test
    void unknownFieldAndEventTypeAreReported() {
        List<RuleError> errors = errorsOf(VALID.replace("priority: 40", "priorty: 40")
                .replace("event: order_completed", "event: order_complete"));
        assertThat(errors).extracting(RuleError::line).containsExactly(2, 4);
        assertThat(errors.get(0).message()).startsWith("unknown field 'priorty'");
        assertThat(errors.get(1).message()).startsWith("unknown event type 'order_complete'");
    }

    @Test
    void everyErrorOfEveryFileIsReportedAtOnce() {
        CampaignLoader.Loaded loaded = load(
                "a.yaml", VALID.replace("[At risk]", "[Nope]").replace("template: win-back", "template: nope"),
                "b.yaml", VALID.replace("win-back", "b").replace("max: 1", "max: -2"));
        assertThat(loaded.errors()).extracting(e -> e.file() + ":" + e.line())
                .containsExactlyInAnyOrder("a.yaml:8", "a.yaml:15", "b.yaml:13", "b.yaml:15");
    }

    @Test
    void duplicateCampaignIdsAreReported() {
        assertThat(load("a.yaml", VALID, "b.yaml", VALID).errors()).singleElement()
                .satisfies(e -> assertThat(e.toString()).isEqualTo("b.yaml:1: campaign id 'win-back' is already used by a.yaml:1"));
    }

    private static List<RuleError> errorsOf(String yaml) {
        return load("c.yaml", yaml).errors();
    }
}
