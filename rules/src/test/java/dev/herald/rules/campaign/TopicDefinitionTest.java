package dev.herald.rules.campaign;

import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscription topics (ADR 0063): declared with their labels in herald-rules.yaml, named by a marketing campaign's
 * {@code topic:}, known to the engine through the live rule base, and every misuse reported at its line.
 */
class TopicDefinitionTest {

    private static final String SETTINGS = """
            topics:
              newsletter: Our monthly newsletter
              offers: Offers and sales
            """;
    private static final String NEWS = "id: news\ntrigger: {event: customer_signed_up}\ntopic: newsletter\n"
            + "template: welcome\n";

    @Test
    void topicsKeepTheirLabelsInOrderAndACampaignNamesOne() {
        CampaignLoader.Loaded loaded = load("herald-rules.yaml", SETTINGS, "news.yaml", NEWS);

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.settings().topics()).containsExactly(Map.entry("newsletter", "Our monthly newsletter"),
                Map.entry("offers", "Offers and sales"));
        assertThat(loaded.campaigns().get(0).topic()).isEqualTo("newsletter");
    }

    @Test
    void theEngineReadsEachCampaignsTopicAndTheLabelsFromTheLiveRuleBase() throws Exception {
        String thanks = "id: thanks\ntrigger: {event: order_completed}\ntemplate: thank-you\n";
        try (RuleBaseHolder holder = new RuleBaseHolder(build("herald-rules.yaml", SETTINGS, "news.yaml", NEWS,
                "thanks.yaml", thanks))) {
            CampaignDecisionService decisions = new CampaignDecisionService(holder);

            assertThat(decisions.topicOf().apply("news")).hasValue("newsletter");
            assertThat(decisions.topicOf().apply("thanks")).isEmpty();
            assertThat(decisions.topicOf().apply("gone")).isEmpty();
            assertThat(decisions.topics().get()).containsKeys("newsletter", "offers");
        }
    }

    @Test
    void aCampaignOfATopicTheCustomerLeftIsNotDecidedAndTheNextCampaignWins() {
        String news = "id: news\npriority: 90\ntrigger: {event: order_completed}\ntopic: newsletter\n"
                + "template: welcome\n";
        String thanks = "id: thanks\npriority: 10\ntrigger: {event: order_completed}\ntemplate: thank-you\n";
        CampaignRuleBase rules = build("herald-rules.yaml", SETTINGS, "news.yaml", news, "thanks.yaml", thanks);
        Situation stayed = TestCampaigns.order("c1", 30);
        Situation left = new Situation(stayed.event(), stayed.customer(), stayed.segments(), stayed.rfm(),
                stayed.recommendations(), java.util.List.of(new dev.herald.engine.decision.ConsentFact("c1",
                "topic:newsletter", false)), stayed.recentSends());

        assertThat(rules.evaluate(stayed).winner()).contains("news");
        Verdict verdict = rules.evaluate(left);
        assertThat(verdict.winner()).contains("thanks");
        assertThat(verdict.outcomeOf("news")).hasValueSatisfying(outcome -> assertThat(outcome.reason())
                .isEqualTo("topic: the customer left topic newsletter on their preference page"));
    }

    @Test
    void aTopicsLabelMayBeTranslatedForThePreferencePageInTheCustomersLanguage() {
        String translated = "topics:\n  newsletter:\n    label: Our monthly newsletter\n    de: Unser Newsletter\n"
                + "    fr-CA: Notre infolettre\n  offers: Offers and sales\n";
        CampaignLoader.Loaded loaded = load("herald-rules.yaml", translated, "news.yaml", NEWS);

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.settings().topics()).containsEntry("newsletter", "Our monthly newsletter");
        assertThat(loaded.settings().topicTranslations()).containsOnlyKeys("newsletter");
        assertThat(loaded.settings().topicTranslations().get("newsletter"))
                .containsEntry("de", "Unser Newsletter").containsEntry("fr-CA", "Notre infolettre");
        assertThat(build("herald-rules.yaml", translated, "news.yaml", NEWS).version()).isNotEqualTo(
                build("herald-rules.yaml", translated.replace("Unser", "Euer"), "news.yaml", NEWS).version());
        assertThat(errors("herald-rules.yaml", "topics:\n  newsletter:\n    de: Unser Newsletter\n", "news.yaml", NEWS))
                .filteredOn(e -> e.file().equals("herald-rules.yaml")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("needs its label"));
        assertThat(errors("herald-rules.yaml", "topics:\n  newsletter:\n    label: News\n    German: Neues\n",
                "news.yaml", NEWS)).singleElement().satisfies(e -> assertThat(e.message())
                .contains("'German' is not a language tag"));
    }

    @Test
    void aNewTopicLabelGivesANewRuleBaseVersion() {
        assertThat(build("herald-rules.yaml", SETTINGS, "news.yaml", NEWS).version()).isNotEqualTo(
                build("herald-rules.yaml", SETTINGS.replace("monthly", "weekly"), "news.yaml", NEWS).version());
    }

    @Test
    void misusesAreReportedAtTheirLines() {
        assertThat(errors("herald-rules.yaml", SETTINGS, "news.yaml", NEWS.replace("newsletter", "newsleter")))
                .containsExactly(new RuleError("news.yaml", 3, "unknown topic 'newsleter' (known: [newsletter,"
                        + " offers])"));
        assertThat(errors("news.yaml", NEWS)).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).contains("no topics are defined: list them under topics: in herald-rules.yaml");
        });
        assertThat(errors("herald-rules.yaml", SETTINGS, "news.yaml", NEWS.replace("template: welcome",
                "template: welcome\ntype: transactional"))).singleElement().satisfies(e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.message()).startsWith("a transactional campaign is sent whatever the customer's"
                            + " subscriptions");
                });
        assertThat(errors("herald-rules.yaml", "topics:\n  News Letter: News\n", "news.yaml",
                "id: t\ntrigger: {event: order_completed}\ntemplate: welcome\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("topic id 'News Letter' must be lower-case"));
    }

    private static List<RuleError> errors(String... fileAndText) {
        return load(fileAndText).errors();
    }
}
