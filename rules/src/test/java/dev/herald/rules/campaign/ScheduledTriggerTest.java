package dev.herald.rules.campaign;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.SegmentMembership;
import dev.herald.engine.decision.TriggerEvent;
import dev.herald.engine.schedule.ScheduledCampaigns;
import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static dev.herald.rules.campaign.TestCampaigns.NOON;
import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaigns sent once at a set time ({@code trigger.at}, ADR 0061): read with their zone, compiled to a rule that
 * answers only its own {@code campaign_scheduled} event and applies the audience as any campaign, listed for the
 * engine while enabled, and every misuse reported at its line.
 */
class ScheduledTriggerTest {

    private static final String NEWSLETTER = """
            id: december-newsletter
            trigger:
              at: 2026-12-01 10:00
              zone: Europe/London
            audience:
              segments: [Champions]
              consent: email
            template: welcome
            """;

    @Test
    void theTimeIsReadInItsZoneAndUtcWhenNoZoneIsGiven() {
        CampaignDefinition london = load("n.yaml", NEWSLETTER).campaigns().get(0);
        CampaignDefinition utc = load("n.yaml", NEWSLETTER.replace("  zone: Europe/London\n", "")
                .replace("2026-12-01 10:00", "2026-07-01T10:00:30")).campaigns().get(0);

        assertThat(london.schedule()).isEqualTo(new CampaignDefinition.Schedule(
                LocalDateTime.parse("2026-12-01T10:00"), ZoneId.of("Europe/London")));
        assertThat(london.schedule().instant()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(london.schedule()).hasToString("2026-12-01 10:00 Europe/London");
        assertThat(utc.schedule().instant()).isEqualTo(Instant.parse("2026-07-01T10:00:30Z"));
        assertThat(load("n.yaml", NEWSLETTER.replace("2026-12-01", "2026-07-01")).campaigns().get(0).schedule()
                .instant()).as("London in summer is UTC+1").isEqualTo(Instant.parse("2026-07-01T09:00:00Z"));
    }

    @Test
    void aTimeThatHasPassedGetsANoteAndAComingOneNone() {
        CampaignDefinition.Schedule schedule = load("n.yaml", NEWSLETTER).campaigns().get(0).schedule();

        assertThat(schedule.passedNote("december-newsletter", Instant.parse("2026-12-01T09:59:00Z"))).isEmpty();
        assertThat(schedule.passedNote("december-newsletter", Instant.parse("2026-12-01T10:01:00Z")))
                .hasValueSatisfying(note -> assertThat(note).startsWith("Note: december-newsletter's time"
                        + " (2026-12-01 10:00 Europe/London) has passed."));
    }

    @Test
    void theRuleAnswersOnlyItsOwnScheduledEventAndAppliesTheAudience() {
        CampaignRuleBase rules = build("n.yaml", NEWSLETTER, "other.yaml", NEWSLETTER
                .replace("id: december-newsletter", "id: january-newsletter").replace("2026-12-01", "2027-01-05"));

        assertThat(rules.evaluate(scheduled("december-newsletter", "Champions", true)).winner())
                .contains("december-newsletter");
        assertThat(rules.evaluate(scheduled("january-newsletter", "Champions", true)).winner())
                .contains("january-newsletter");
        assertThat(rules.evaluate(scheduled("december-newsletter", "At risk", true)).winner()).as("not in segment")
                .isEmpty();
        assertThat(rules.evaluate(scheduled("december-newsletter", "Champions", false)).winner()).as("no consent")
                .isEmpty();
        assertThat(rules.evaluate(scheduled("some-other-campaign", "Champions", true)).winner()).isEmpty();
        assertThat(rules.evaluate(TestCampaigns.order("c1", 50)).winner()).as("no event starts it").isEmpty();
    }

    @Test
    void theEngineIsToldOfEnabledScheduledCampaignsOnly() throws Exception {
        String disabled = NEWSLETTER.replace("id: december-newsletter", "id: paused").replace("template: welcome",
                "template: welcome\nenabled: false");
        String onEvent = "id: thanks\ntrigger: {event: order_completed}\ntemplate: thank-you\n";
        try (RuleBaseHolder holder = new RuleBaseHolder(build("n.yaml", NEWSLETTER, "p.yaml", disabled, "t.yaml",
                onEvent))) {
            ScheduledCampaigns scheduled = new CampaignDecisionService(holder).scheduledCampaigns();

            assertThat(scheduled.scheduled()).containsExactly(new ScheduledCampaigns.Scheduled("december-newsletter",
                    Instant.parse("2026-12-01T10:00:00Z")));
        }
    }

    @Test
    void movingTheTimeGivesANewRuleBaseVersion() {
        String moved = NEWSLETTER.replace("10:00", "11:00");

        assertThat(build("n.yaml", NEWSLETTER).version()).isNotEqualTo(build("n.yaml", moved).version());
    }

    @Test
    void misusesAreReportedAtTheirLines() {
        assertThat(errors(NEWSLETTER.replace("2026-12-01 10:00", "next monday"))).containsExactly(
                new RuleError("n.yaml", 3, "type mismatch: trigger.at must be a date and time such as"
                        + " 2026-12-01 10:00, got 'next monday'"));
        assertThat(errors(NEWSLETTER.replace("2026-12-01 10:00", "2026-02-30 10:00"))).singleElement()
                .extracting(RuleError::line).isEqualTo(3);
        assertThat(errors(NEWSLETTER.replace("Europe/London", "Europe/Londres"))).containsExactly(
                new RuleError("n.yaml", 4, "unknown time zone 'Europe/Londres' (e.g. Europe/London, UTC)"));
        assertThat(errors(NEWSLETTER.replace("  zone: Europe/London\n", "  zone: Europe/London\n  event: order_completed\n")))
                .containsExactly(new RuleError("n.yaml", 5, "a campaign starts either on an event (trigger.event) or"
                        + " at a time (trigger.at), not both"));
        assertThat(errors(NEWSLETTER.replace("  zone: Europe/London\n", "  zone: Europe/London\n  conditions: [total > 1]\n")))
                .singleElement().satisfies(e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.message()).startsWith("trigger.conditions test the triggering event");
                });
        assertThat(errors(NEWSLETTER.replace("template: welcome", "template: welcome\ntiming:\n  delay: 2h")))
                .singleElement().satisfies(e -> {
                    assertThat(e.line()).isEqualTo(10);
                    assertThat(e.message()).startsWith("timing.delay does not go with trigger.at");
                });
        assertThat(errors("id: t\ntrigger:\n  event: order_completed\n  zone: UTC\ntemplate: welcome\n"))
                .containsExactly(new RuleError("n.yaml", 4, "trigger.zone is the time zone of trigger.at, which this"
                        + " campaign does not have"));
        assertThat(errors("id: t\ntrigger:\n  event: campaign_scheduled\ntemplate: welcome\n")).singleElement()
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.message()).contains("write trigger.at");
                });
    }

    @Test
    void aDecisionTableRowCanScheduleACampaign() {
        String table = "id,trigger.at,trigger.zone,audience.segments,template\n"
                + "spring-sale,2027-03-01 09:00,Europe/Paris,Champions;Loyal,welcome\n";

        CampaignDefinition row = load("sales.csv", table).campaigns().get(0);

        assertThat(row.schedule().instant()).isEqualTo(Instant.parse("2027-03-01T08:00:00Z"));
        assertThat(row.segmentsIn()).containsExactly("Champions", "Loyal");
    }

    @Test
    void eventAttributesWithoutTheirOwnPropertyBeforeNowCompileAndMatch() {
        // page_name, price, quantity and campaign had no property on the rule fact, so such a rule did not compile
        CampaignRuleBase rules = build(
                "p.yaml", "id: teapots\ntrigger: {event: page_viewed, conditions: [page_name == Teapots]}\ntemplate: welcome\n",
                "a.yaml", "id: bulk\ntrigger: {event: product_added, conditions: [quantity >= 2, price >= 10]}\ntemplate: welcome\n",
                "c.yaml", "id: clicked\ntrigger: {event: email_clicked, conditions: [campaign == win-back]}\ntemplate: welcome\n");

        assertThat(rules.evaluate(event("page_viewed", Map.of("page_name", "Teapots"))).winner()).contains("teapots");
        assertThat(rules.evaluate(event("page_viewed", Map.of("page_name", "Cups"))).winner()).isEmpty();
        assertThat(rules.evaluate(event("product_added", Map.of("quantity", BigDecimal.valueOf(3),
                "price", BigDecimal.valueOf(12)))).winner()).contains("bulk");
        assertThat(rules.evaluate(event("product_added", Map.of("quantity", BigDecimal.ONE,
                "price", BigDecimal.valueOf(12)))).winner()).isEmpty();
        assertThat(rules.evaluate(event("email_clicked", Map.of("campaign", "win-back"))).winner()).contains("clicked");
        assertThat(rules.evaluate(event("email_clicked", Map.of("campaign", "welcome"))).winner()).isEmpty();
    }

    private static List<RuleError> errors(String definition) {
        return load("n.yaml", definition).errors();
    }

    private static Situation scheduled(String campaign, String segment, boolean consent) {
        return new Situation(new TriggerEvent("scheduled:1:c1", "campaign_scheduled", NOON,
                Map.of("campaign", campaign)),
                new CustomerFacts("c1", "United Kingdom", 3, BigDecimal.TEN, Map.of()),
                List.of(new SegmentMembership("c1", segment)), null, List.of(),
                consent ? List.of(new ConsentFact("c1", "email", true)) : List.of(), List.of());
    }

    private static Situation event(String type, Map<String, Object> attributes) {
        return new Situation(new TriggerEvent("e-1", type, NOON, attributes),
                new CustomerFacts("c1", "United Kingdom", 1, BigDecimal.TEN, Map.of()),
                List.of(), null, List.of(), List.of(), List.of());
    }
}
