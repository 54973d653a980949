package dev.herald.rules;

import dev.herald.engine.decision.Decision;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.herald.rules.DroolsDecisionServiceTest.order;
import static dev.herald.rules.DroolsDecisionServiceTest.signup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Rule bases built from DRL text: compile errors, versions, and how decisions are collected. */
class RuleSourcesTest {

    private static final String HEADER = """
            package dev.herald.rules.test;

            import dev.herald.engine.decision.Decision;
            import dev.herald.engine.decision.DecisionFacts;
            import dev.herald.engine.event.EventType;
            """;

    private static final String SIGNUP_RULE = HEADER + """

            rule "signup"
            when
                DecisionFacts( eventType == EventType.CUSTOMER_SIGNED_UP, $c : customerId )
            then
                insert( new Decision( "welcome", "welcome", $c ) );
            end
            """;

    @Test
    void brokenDrlIsRejectedWithFileAndLine() {
        String broken = HEADER + """

                rule "broken"
                when
                    DecisionFacts( eventType === EventType.ORDER_COMPLETED )
                then
                    insert( new Decision( "x", "x", "x" ) );
                end
                """;
        assertThat(broken.lines().toList().get(9 - 1)).contains("===");

        RuleCompilationException failure = catchThrowableOfType(RuleCompilationException.class,
                () -> DroolsDecisionService.fromSources(Map.of("good.drl", SIGNUP_RULE, "broken.drl", broken)));

        assertThat(failure).isNotNull();
        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo("broken.drl");
            assertThat(error.line()).isEqualTo(9);
            assertThat(error.message()).isNotBlank();
        });
        assertThat(failure.getMessage()).contains("broken.drl:9");
    }

    @Test
    void consequenceErrorsPointAtTheirRule() {
        // Drools reports errors in a rule's Java consequence at the line where the rule starts (line 7 here).
        String broken = HEADER + """

                rule "wrong constructor"
                when
                    DecisionFacts( )
                then
                    insert( new Decision( "x", "x" ) );
                end
                """;

        RuleCompilationException failure = catchThrowableOfType(RuleCompilationException.class,
                () -> DroolsDecisionService.fromSources(Map.of("consequence.drl", broken)));

        assertThat(failure).isNotNull();
        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo("consequence.drl");
            assertThat(error.line()).isEqualTo(7);
            assertThat(error.message()).contains("Decision(String, String)");
        });
    }

    @Test
    void everyBrokenFileIsReported() {
        String unknownType = HEADER + """

                rule "unknown type"
                when
                    NoSuchFact( )
                then
                end
                """;
        String unknownField = HEADER + """

                rule "unknown field"
                when
                    DecisionFacts( favouriteColour == "blue" )
                then
                end
                """;

        RuleCompilationException failure = catchThrowableOfType(RuleCompilationException.class,
                () -> DroolsDecisionService.fromSources(Map.of("a.drl", unknownType, "b.drl", unknownField)));

        assertThat(failure).isNotNull();
        assertThat(failure.errors()).extracting(RuleError::file).contains("a.drl", "b.drl");
        assertThat(failure.errors()).allSatisfy(error -> assertThat(error.line()).isEqualTo(9));
        assertThat(failure.getMessage()).contains("a.drl:9", "b.drl:9");
    }

    @Test
    void sameSourcesGiveSameVersion() {
        String first = DroolsDecisionService.fromSources(Map.of("signup.drl", SIGNUP_RULE)).ruleBaseVersion();
        String second = DroolsDecisionService.fromSources(Map.of("signup.drl", SIGNUP_RULE)).ruleBaseVersion();

        assertThat(first).matches("[0-9a-f]{12}").isEqualTo(second);
    }

    @Test
    void changedSourcesGiveNewVersion() {
        String original = DroolsDecisionService.fromSources(Map.of("signup.drl", SIGNUP_RULE)).ruleBaseVersion();
        String edited = DroolsDecisionService.fromSources(Map.of("signup.drl", SIGNUP_RULE + "\n")).ruleBaseVersion();
        String renamed = DroolsDecisionService.fromSources(Map.of("welcome.drl", SIGNUP_RULE)).ruleBaseVersion();

        assertThat(edited).isNotEqualTo(original);
        assertThat(renamed).isNotEqualTo(original).isNotEqualTo(edited);
    }

    @Test
    void decisionsComeSortedByCampaignAndOnlyOnce() {
        String rules = HEADER + """

                rule "zebra"
                when DecisionFacts( $c : customerId )
                then insert( new Decision( "zebra", "z", $c ) );
                end

                rule "alpha"
                when DecisionFacts( $c : customerId )
                then insert( new Decision( "alpha", "a", $c ) );
                end

                rule "alpha again"
                when DecisionFacts( $c : customerId )
                then insert( new Decision( "alpha", "a", $c ) );
                end

                rule "middle"
                when DecisionFacts( $c : customerId )
                then insert( new Decision( "middle", "m", $c ) );
                end
                """;
        DroolsDecisionService service = DroolsDecisionService.fromSources(Map.of("many.drl", rules));

        assertThat(service.decide(order("c-1", 3))).containsExactly(
                new Decision("alpha", "a", "c-1"),
                new Decision("middle", "m", "c-1"),
                new Decision("zebra", "z", "c-1"));
    }

    @Test
    void sessionsDoNotShareFacts() {
        DroolsDecisionService service = DroolsDecisionService.fromSources(Map.of("signup.drl", SIGNUP_RULE));

        assertThat(service.decide(signup("c-1"))).containsExactly(new Decision("welcome", "welcome", "c-1"));
        assertThat(service.decide(signup("c-2"))).containsExactly(new Decision("welcome", "welcome", "c-2"));
    }

    @Test
    void loopingRulesFailInsteadOfHanging() {
        String looping = HEADER + """

                rule "seed"
                when DecisionFacts( $c : customerId )
                then insert( new Decision( "loop", "loop", $c ) );
                end

                rule "again"
                when $d : Decision( )
                then insert( new Decision( $d.campaign() + "+", "loop", $d.customerId() ) );
                end
                """;
        DroolsDecisionService service = DroolsDecisionService.fromSources(Map.of("loop.drl", looping));

        assertThatThrownBy(() -> service.decide(signup("c-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(DroolsDecisionService.MAX_FIRINGS_PER_DECISION));
    }

    @Test
    void ruleFilesMustBeRelativeDrlPaths() {
        assertThatThrownBy(() -> DroolsDecisionService.fromSources(Map.of("signup.txt", SIGNUP_RULE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signup.txt");
        assertThatThrownBy(() -> DroolsDecisionService.fromSources(Map.of("../signup.drl", SIGNUP_RULE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DroolsDecisionService.fromSources(Map.of("/etc/signup.drl", SIGNUP_RULE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyRuleBaseIsRejected() {
        assertThatThrownBy(() -> DroolsDecisionService.fromSources(Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filesInSubfoldersAreReportedByTheirRelativePath() {
        RuleCompilationException failure = catchThrowableOfType(RuleCompilationException.class,
                () -> DroolsDecisionService.fromSources(Map.of("campaigns/bad.drl", HEADER + "\nrule \"x\" when\n")));

        assertThat(failure).isNotNull();
        assertThat(failure.errors()).extracting(RuleError::file).containsOnly("campaigns/bad.drl");
    }
}
