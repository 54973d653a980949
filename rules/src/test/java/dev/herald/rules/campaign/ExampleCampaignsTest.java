package dev.herald.rules.campaign;

import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.event.EventType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.CATALOG;
import static dev.herald.rules.campaign.TestCampaigns.EXAMPLES;
import static org.assertj.core.api.Assertions.assertThat;

/** The example campaigns in rules/campaigns validate, pass their own scenarios and keep the demo's behaviour. */
class ExampleCampaignsTest {

    private static final CampaignRuleBase RULES = new CampaignLoader(CATALOG).build(EXAMPLES);

    @Test
    void everyExampleScenarioPasses() {
        List<ScenarioSuite.Result> results = ScenarioSuite.run(EXAMPLES, RULES);

        assertThat(results).hasSizeGreaterThanOrEqualTo(10);
        assertThat(results).allSatisfy(result ->
                assertThat(result.passed()).as(result.file() + " / " + result.name() + ": " + result.problem()).isTrue());
    }

    @Test
    void theDemoEventsStillStartWelcomeAndFirstOrderThankYou() {
        CampaignDecisionService service = new CampaignDecisionService(new RuleBaseHolder(RULES));

        assertThat(service.decide(new DecisionFacts("e1", EventType.CUSTOMER_SIGNED_UP, "c1", 0, BigDecimal.ZERO,
                BigDecimal.ZERO))).containsExactly(new Decision("welcome", "welcome", "c1"));
        assertThat(service.decide(new DecisionFacts("e2", EventType.ORDER_COMPLETED, "c1", 1, BigDecimal.TEN,
                BigDecimal.TEN))).containsExactly(new Decision("first-order-thank-you", "thank-you", "c1"));
        assertThat(service.decide(new DecisionFacts("e3", EventType.ORDER_COMPLETED, "c1", 2, BigDecimal.TEN,
                BigDecimal.TEN))).isEmpty();
    }

    @Test
    void theBuiltInCampaignsAreExactlyTheExampleFolder() throws Exception {
        List<String> indexed = java.nio.file.Files.readAllLines(EXAMPLES.resolve("campaigns.index")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).sorted().toList();
        List<String> inFolder;
        try (var files = java.nio.file.Files.list(EXAMPLES)) {
            inFolder = files.map(path -> path.getFileName().toString()).filter(CampaignLoader::isCampaignFile)
                    .sorted().toList();
        }
        assertThat(indexed).isEqualTo(inFolder);

        CampaignDecisionService builtIn = CampaignDecisionService.builtIn(CATALOG);
        assertThat(builtIn.ruleBaseVersion()).isEqualTo(RULES.version());
    }

    @Test
    void aFailingScenarioIsReportedWithWhatHappened() {
        List<ScenarioSuite.Result> results = ScenarioSuite.runFile("s.yaml", """
                - name: wrong expectation
                  customer: {id: c1}
                  event: {type: customer_signed_up}
                  expect: vip-thank-you
                - name: unknown campaign
                  customer: {id: c1}
                  event: {type: customer_signed_up}
                  expect: no-such-campaign
                """, RULES);

        assertThat(results).extracting(ScenarioSuite.Result::passed).containsExactly(false, false);
        assertThat(results.get(0).problem()).isEqualTo("expected vip-thank-you, got welcome");
        assertThat(results.get(1).problem()).isEqualTo("expects unknown campaign 'no-such-campaign'");
    }
}
