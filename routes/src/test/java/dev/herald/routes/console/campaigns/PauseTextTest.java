package dev.herald.routes.console.campaigns;

import dev.herald.engine.delivery.CampaignPauses.Pause;
import dev.herald.engine.delivery.DeliverabilityGuard;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How the console words a campaign pause (ADR 0074): when, by whom, why, and how many emails wait. */
class PauseTextTest {

    static final Instant AT = Instant.parse("2026-11-25T10:04:59Z");

    @Test
    void aPauseByAConsoleUserNamesThemAndCountsTheWaitingEmails() {
        assertThat(PauseText.sentence(new Pause("spring-sale", AT, "console:mia", "checking the imported list", 3)))
                .isEqualTo("Paused since 2026-11-25 10:04 UTC by mia: checking the imported list. 3 emails are"
                        + " waiting.");
        assertThat(PauseText.sentence(new Pause("spring-sale", AT, "console:mia", "stale list.", 1)))
                .as("one full stop, and one email in the singular")
                .isEqualTo("Paused since 2026-11-25 10:04 UTC by mia: stale list. 1 email is waiting.");
        assertThat(PauseText.sentence(new Pause("spring-sale", AT, "console:mia", " ", 0)))
                .endsWith("by mia: no reason given. 0 emails are waiting.");
    }

    @Test
    void theGuardIsNamedAsSuchAndOtherActorsAsRecorded() {
        assertThat(PauseText.who(DeliverabilityGuard.ACTOR)).isEqualTo("the deliverability guard");
        assertThat(PauseText.who("cli:root")).isEqualTo("cli:root");
        assertThat(PauseText.who(null)).isEqualTo("unknown");
    }
}
