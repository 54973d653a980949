package dev.herald.routes.console.campaigns;

import dev.herald.engine.schedule.ScheduledCampaignRuns.Outcome;
import dev.herald.engine.schedule.ScheduledCampaignRuns.Run;
import dev.herald.rules.campaign.CampaignDefinition;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.Catalog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console says about a scheduled campaign's run, in each state it can be in (ADR 0061). */
class ScheduleStatusTest {

    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant BEFORE = AT.minusSeconds(3600);
    static final Instant AFTER = AT.plusSeconds(60);

    @Test
    void beforeItsTimeItWaitsAndAfterItItIsDue() {
        assertThat(CampaignsModule.scheduleStatus(campaign(true), List.of(), BEFORE)).isEqualTo("waiting for its time");
        assertThat(CampaignsModule.scheduleStatus(campaign(true), List.of(), AFTER)).startsWith("due:");
        assertThat(CampaignsModule.scheduleStatus(campaign(false), List.of(), BEFORE)).startsWith("disabled:");
    }

    @Test
    void aRunSaysHowFarItGotAndHowItEnded() {
        assertThat(CampaignsModule.scheduleStatus(campaign(true), List.of(run(Outcome.RUNNING, AT)), AFTER))
                .isEqualTo("sending: 120 customers asked so far, 30 emails queued");
        assertThat(CampaignsModule.scheduleStatus(campaign(false), List.of(run(Outcome.RUNNING, AT)), AFTER))
                .startsWith("paused while disabled, after 120 customers asked and 30 emails queued");
        assertThat(CampaignsModule.scheduleStatus(campaign(true), List.of(run(Outcome.DONE, AT)), AFTER))
                .isEqualTo("sent: 120 customers asked, 31 in the audience, 30 emails queued");
        assertThat(CampaignsModule.scheduleStatus(campaign(true), List.of(run(Outcome.MISSED, AT)), AFTER))
                .startsWith("missed:");
    }

    @Test
    void aRunOfAnEarlierTimeOfTheCampaignIsNotTheCurrentOnes() {
        assertThat(CampaignsModule.scheduleStatus(campaign(true), List.of(run(Outcome.DONE, AT.minusSeconds(86400))),
                BEFORE)).isEqualTo("waiting for its time");
    }

    @Test
    void aCampaignStartedByEventsHasNoScheduleStatus() {
        CampaignDefinition onEvent = new CampaignLoader(catalog()).load(Map.of("t.yaml",
                "id: thanks\ntrigger: {event: order_completed}\ntemplate: welcome\n")).campaigns().get(0);

        assertThat(CampaignsModule.scheduleStatus(onEvent, List.of(), AFTER)).isNull();
        assertThat(CampaignsModule.trigger(campaign(true))).isEqualTo("at 2026-12-01 10:00 UTC");
        assertThat(CampaignsModule.trigger(onEvent)).isEqualTo("order_completed");
    }

    private static CampaignDefinition campaign(boolean enabled) {
        String yaml = "id: news\ntrigger:\n  at: 2026-12-01 10:00\ntemplate: welcome\n" + (enabled ? "" : "enabled: false\n");
        return new CampaignLoader(catalog()).load(Map.of("news.yaml", yaml)).campaigns().get(0);
    }

    private static Catalog catalog() {
        return new Catalog(Catalog.RFM_SEGMENTS, "welcome"::equals);
    }

    private static Run run(Outcome outcome, Instant at) {
        return new Run(1, "news", at, outcome, at, outcome == Outcome.RUNNING ? null : at.plusSeconds(30), 120, 31, 30);
    }
}
