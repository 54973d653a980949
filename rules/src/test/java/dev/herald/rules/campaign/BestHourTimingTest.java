package dev.herald.rules.campaign;

import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.load;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code timing.bestHour} (ADR 0065): read from YAML and decision tables, with a set time, refused where it cannot apply. */
class BestHourTimingTest {

    @Test
    void aMarketingCampaignOnAnEventOrAtASetTimeMaySendAtEachCustomersBestHour() {
        CampaignDefinition onEvent = load("w.yaml", """
                id: win-back
                trigger: {event: segment_changed}
                timing: {bestHour: true}
                template: win-back
                """).campaigns().get(0);
        CampaignDefinition atTime = load("n.yaml", """
                id: december-newsletter
                trigger: {at: 2026-12-01 10:00}
                timing: {bestHour: yes}
                template: welcome
                """).campaigns().get(0);
        CampaignDefinition plain = load("p.yaml", "id: plain\ntrigger: {event: order_completed}\ntemplate: welcome\n")
                .campaigns().get(0);

        assertThat(onEvent.timing().bestHour()).isTrue();
        assertThat(atTime.timing().bestHour()).isTrue();
        assertThat(atTime.schedule()).isNotNull();
        assertThat(plain.timing().bestHour()).isFalse();
    }

    @Test
    void aDecisionTableRowSetsItInItsColumn() {
        String table = "id,trigger.event,timing.bestHour,template\nnudge,order_completed,true,welcome\n";

        assertThat(load("t.csv", table).campaigns().get(0).timing().bestHour()).isTrue();
    }

    @Test
    void aTransactionalCampaignOrAValueThatIsNotTrueOrFalseIsRefusedAtItsLine() {
        List<RuleError> transactional = load("r.yaml", """
                id: receipt
                type: transactional
                trigger: {event: order_completed}
                timing:
                  bestHour: true
                template: thank-you
                """).errors();
        assertThat(transactional).containsExactly(new RuleError("r.yaml", 5, "a transactional campaign is sent at"
                + " once: timing.bestHour is for marketing email"));
        assertThat(load("b.yaml", "id: b\ntrigger: {event: order_completed}\ntiming:\n  bestHour: evening\n"
                + "template: welcome\n").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("timing.bestHour must be true or false"));
    }
}
