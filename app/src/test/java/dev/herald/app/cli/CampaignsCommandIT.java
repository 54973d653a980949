package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald campaigns pause|resume|health} on an H2 data directory with the built-in campaigns (ADR 0074): a pause
 * of a known campaign is recorded once and shown by health, resuming it twice says the second time that it is not
 * paused, and an unknown campaign is refused with the ones there are.
 */
class CampaignsCommandIT {

    @TempDir
    Path dir;

    @Test
    void pauseShowsInHealthAndResumeLetsItGo() {
        String d = dir.toString();

        TestCli.Result paused = TestCli.run("campaigns", "pause", "welcome", "--reason", "checking the list",
                "--data-dir", d);
        TestCli.Result again = TestCli.run("campaigns", "pause", "welcome", "--data-dir", d);
        TestCli.Result health = TestCli.run("campaigns", "health", "--data-dir", d);
        TestCli.Result json = TestCli.run("campaigns", "health", "--json", "--data-dir", d);
        TestCli.Result resumed = TestCli.run("campaigns", "resume", "welcome", "--drop-waiting", "--data-dir", d);
        TestCli.Result notPaused = TestCli.run("campaigns", "resume", "welcome", "--data-dir", d);
        TestCli.Result after = TestCli.run("campaigns", "health", "--data-dir", d);

        assertThat(paused.exitCode()).isZero();
        assertThat(paused.out()).contains("paused welcome: its emails wait in the outbox");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).contains("welcome was paused already; unchanged");
        assertThat(health.out()).contains("Deliverability over the last 1d. Guard: pause a marketing campaign when")
                .containsPattern("welcome +0 +0 \\(0%\\) +0 \\(0%\\) +PAUSED since .* by cli:.*, 0 waiting:"
                        + " checking the list");
        assertThat(json.out()).contains("\"campaign\" : \"welcome\"").contains("\"paused\" : true")
                .contains("\"reason\" : \"checking the list\"").contains("\"waiting\" : 0");
        assertThat(resumed.exitCode()).isZero();
        assertThat(resumed.out()).contains("resumed welcome: 0 waiting emails dropped (kept as suppressed)");
        assertThat(notPaused.exitCode()).isEqualTo(1);
        assertThat(notPaused.out()).contains("welcome is not paused; unchanged");
        assertThat(after.out()).contains("no emails sent in that time and no campaign paused");
    }

    @Test
    void anUnknownCampaignIsRefusedWithTheCampaignsThereAre() {
        TestCli.Result unknown = TestCli.runCapturingErrors("campaigns", "pause", "welcom", "--data-dir",
                dir.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no campaign 'welcom'; campaigns: ").contains("welcome");
    }

    @Test
    void providersSaysWhenNothingWasSentAndExplainsABadPeriod() {
        TestCli.Result empty = TestCli.run("campaigns", "providers", "--since", "30d", "--data-dir", dir.toString());
        TestCli.Result json = TestCli.run("campaigns", "providers", "--json", "--data-dir", dir.toString());
        TestCli.Result bad = TestCli.runCapturingErrors("campaigns", "providers", "--since", "lately", "--data-dir",
                dir.toString());

        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).contains("no emails sent and no bounces or complaints since ").contains("(all campaigns)");
        assertThat(json.out().strip()).isEqualTo("[ ]");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--since must be a date such as 2026-11-01");
    }
}
