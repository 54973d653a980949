package dev.herald.rules.campaign;

import dev.herald.engine.journey.Journey;
import dev.herald.engine.journey.JourneyStep;
import dev.herald.engine.journey.ReentryPolicy;
import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static dev.herald.rules.campaign.TestCampaigns.CATALOG;
import static dev.herald.rules.campaign.TestCampaigns.EXAMPLES;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/** Journeys in campaign definitions: what a valid one becomes, and every mistake at its line. */
class JourneyDefinitionTest {

    private static final String VALID = """
            id: cart
            trigger:
              event: checkout_started
            journey:
              exitOn: [order_completed, unsubscribed]
              reentry: after 7d
              steps:
                - id: wait-order
                  wait: {event: order_completed, timeout: 1h}
                - id: reminder
                  send: {template: welcome}
                - id: morning
                  delay: next 09:00
                - id: wait-click
                  wait: {event: email_clicked, timeout: 24h, onEvent: end, onTimeout: last}
                - id: skipped
                  delay: 2h
                - id: last
                  send:
                    template: welcome
                    variants:
                      - {name: a, template: welcome, weight: 1}
                      - {name: b, template: win-back, weight: 1}
            """;

    @Test
    void aValidJourneyBecomesTheStepsTheEngineRuns() {
        CampaignLoader.Loaded loaded = load("cart.yaml", VALID);

        assertThat(loaded.errors()).isEmpty();
        CampaignDefinition campaign = loaded.campaigns().get(0);
        assertThat(campaign.template()).as("the decision names the first email").isEqualTo("welcome");
        Journey journey = campaign.asJourney().orElseThrow();
        assertThat(journey.campaign()).isEqualTo("cart");
        assertThat(journey.exitOn()).isEqualTo(Set.of("order_completed", "unsubscribed"));
        assertThat(journey.reentry()).isEqualTo(ReentryPolicy.after(Duration.ofDays(7)));
        assertThat(journey.steps()).containsExactly(
                new JourneyStep.Wait("wait-order", "order_completed", Duration.ofHours(1), "end", "next"),
                new JourneyStep.Send("reminder", "welcome", List.of()),
                JourneyStep.Delay.until("morning", LocalTime.of(9, 0)),
                new JourneyStep.Wait("wait-click", "email_clicked", Duration.ofHours(24), "end", "last"),
                JourneyStep.Delay.of("skipped", Duration.ofHours(2)),
                new JourneyStep.Send("last", "welcome", List.of(new JourneyStep.Variant("a", "welcome", 1),
                        new JourneyStep.Variant("b", "win-back", 1))));
        assertThat(TestCampaigns.build("cart.yaml", VALID).journey("cart")).contains(journey);
    }

    @Test
    void stepsWithoutIdsAreNumbered() {
        CampaignLoader.Loaded loaded = load("c.yaml", """
                trigger: {event: customer_signed_up}
                journey:
                  steps:
                    - send: welcome
                    - delay: 2d
                    - send: thank-you
                """);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.campaigns().get(0).asJourney().orElseThrow().steps()).extracting(JourneyStep::id)
                .containsExactly("1", "2", "3");
        assertThat(loaded.campaigns().get(0).asJourney().get().reentry()).isEqualTo(ReentryPolicy.NEVER);
    }

    @Test
    void aStepWithoutAKindOrWithTwoIsReportedOnItsLine() {
        assertThat(errorsOf(VALID.replace("      delay: next 09:00\n", "")))
                .containsExactly(new RuleError("c.yaml", 12, "a step needs one of send, delay or wait (e.g. - delay: 2h)"));
        assertThat(errorsOf(VALID.replace("delay: next 09:00", "delay: next 09:00\n      send: welcome")))
                .singleElement().satisfies(e -> {
                    assertThat(e.line()).isEqualTo(12);
                    assertThat(e.message()).isEqualTo("a step does one thing: found delay and send; split it into steps");
                });
        assertThat(errorsOf(VALID.replace("delay: next 09:00", "pause: 2h")))
                .extracting(RuleError::line, RuleError::message).contains(
                        org.assertj.core.groups.Tuple.tuple(13, "unknown field 'pause' (known here: [delay, id, send, wait])"));
    }

    @Test
    void anUnknownEventIsReportedOnItsLine() {
        assertThat(errorsOf(VALID.replace("event: email_clicked", "event: email_clikced"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(15);
                    assertThat(e.message()).startsWith("unknown event 'email_clikced' in wait.event (known: [");
                });
        assertThat(errorsOf(VALID.replace("[order_completed, unsubscribed]", "[order_completed, unsubscibed]")))
                .singleElement().satisfies(e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.message()).startsWith("unknown event 'unsubscibed' in journey.exitOn");
                });
    }

    @Test
    void aNegativeOrMalformedDelayIsReportedOnItsLine() {
        assertThat(errorsOf(VALID.replace("delay: 2h", "delay: -2h")))
                .containsExactly(new RuleError("c.yaml", 17, "a delay cannot be negative, got '-2h'"));
        assertThat(errorsOf(VALID.replace("delay: 2h", "delay: soon"))).containsExactly(new RuleError("c.yaml", 17,
                "delay must be a duration such as 90s, 30m, 1h, 7d or 2w, or a time of day in the customer's time"
                        + " zone such as 'next 09:00'; got 'soon'"));
        assertThat(errorsOf(VALID.replace("next 09:00", "next 25:00"))).singleElement()
                .satisfies(e -> assertThat(e.line()).isEqualTo(13));
        assertThat(errorsOf(VALID.replace("timeout: 1h", "timeout: -1h")))
                .containsExactly(new RuleError("c.yaml", 9, "wait.timeout cannot be negative, got '-1h'"));
    }

    @Test
    void jumpsGoForwardToStepsThatExist() {
        assertThat(errorsOf(VALID.replace("onTimeout: last", "onTimeout: lsat"))).containsExactly(new RuleError(
                "c.yaml", 14, "wait.onTimeout names unknown step 'lsat' (use next, end or the id of a later step)"));
        assertThat(errorsOf(VALID.replace("onTimeout: last", "onTimeout: reminder"))).containsExactly(new RuleError(
                "c.yaml", 14, "wait.onTimeout goes back to step 'reminder': a journey may only jump forward"
                        + " (next, end or a later step)"));
    }

    @Test
    void stepIdsAreUniqueAndPlain() {
        assertThat(errorsOf(VALID.replace("id: skipped", "id: reminder"))).containsExactly(new RuleError(
                "c.yaml", 16, "step id 'reminder' is used twice (first on line 10)"));
        assertThat(errorsOf(VALID.replace("id: skipped", "id: Skip Me"))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("must be lower-case letters, digits and dashes"));
    }

    @Test
    void reentryIsNeverAlwaysOrAfterADuration() {
        assertThat(load("c.yaml", VALID.replace("after 7d", "always")).campaigns().get(0).asJourney().get().reentry())
                .isEqualTo(ReentryPolicy.ALWAYS);
        assertThat(errorsOf(VALID.replace("after 7d", "sometimes"))).containsExactly(new RuleError("c.yaml", 6,
                "journey.reentry must be never, always or 'after DURATION' (e.g. after 7d), got 'sometimes'"));
    }

    @Test
    void timingThatTheJourneyExpressesItselfCannotBeCombined() {
        List<RuleError> errors = errorsOf(VALID + "timing:\n  delay: 2h\nvariants:\n  - {name: a, template: welcome}\n");
        assertThat(errors).extracting(RuleError::line).containsExactly(25, 27);
        assertThat(errors.get(0).message()).startsWith("timing.delay cannot be combined with a journey");
        assertThat(errors.get(1).message()).startsWith("'variants' cannot be combined with a journey");
    }

    @Test
    void aJourneyNeedsStepsAndASend() {
        assertThat(errorsOf("trigger: {event: customer_signed_up}\njourney:\n  exitOn: order_completed\n"))
                .containsExactly(new RuleError("c.yaml", 3,
                        "journey.steps is missing: list the steps (send, delay, wait) in order"));
        assertThat(errorsOf("trigger: {event: customer_signed_up}\njourney:\n  steps:\n    - delay: 2h\n"))
                .containsExactly(new RuleError("c.yaml", 4, "a journey needs at least one send step"));
        assertThat(errorsOf(VALID.replace("send: {template: welcome}", "send: {template: welcom}")))
                .containsExactly(new RuleError("c.yaml", 11, "unknown template 'welcom': no email template with that key exists"));
    }

    @Test
    void aSingleEmailWithDelayOrWaitForBecomesAnImplicitJourney() {
        CampaignLoader.Loaded loaded = load("c.yaml", """
                id: later
                trigger: {event: order_completed}
                timing:
                  delay: 2d
                  waitFor: {event: order_completed, timeout: 1h}
                template: thank-you
                """);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.campaigns().get(0).asJourney().orElseThrow()).isEqualTo(new Journey("later", List.of(
                JourneyStep.Delay.of("delay", Duration.ofDays(2)),
                new JourneyStep.Wait("wait", "order_completed", Duration.ofHours(1), "end", "next"),
                new JourneyStep.Send("send", "thank-you", List.of())), Set.of(), ReentryPolicy.NEVER));
        assertThat(load("c.yaml", "trigger: {event: order_completed}\ntemplate: thank-you\n").campaigns().get(0)
                .asJourney()).as("a plain campaign sends at once").isEmpty();
    }

    @Test
    void theAbandonedCartExampleIsTheFourStepJourney() {
        CampaignLoader.Loaded loaded = new CampaignLoader(CATALOG).load(EXAMPLES);
        assertThat(loaded.errors()).isEmpty();
        Journey cart = loaded.campaigns().stream().filter(c -> c.id().equals("abandoned-cart")).findFirst()
                .orElseThrow().asJourney().orElseThrow();
        assertThat(cart.steps()).extracting(JourneyStep::id)
                .containsExactly("wait-for-order", "reminder", "wait-for-click", "last-reminder");
        assertThat(cart.steps().get(0)).isEqualTo(new JourneyStep.Wait("wait-for-order", "order_completed",
                Duration.ofHours(1), "end", "next"));
        assertThat(cart.steps().get(2)).isEqualTo(new JourneyStep.Wait("wait-for-click", "email_clicked",
                Duration.ofHours(24), "end", "next"));
        assertThat(cart.exitOn()).contains("order_completed", "unsubscribed");
    }

    private static List<RuleError> errorsOf(String yaml) {
        return load("c.yaml", yaml).errors();
    }
}
