package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald segment engagement} on an H2 data directory (ADR 0075): it states the policy it scores by and the
 * customers per segment, and says so when the campaigns folder turned scoring off.
 */
class SegmentEngagementCommandIT {

    @TempDir
    Path dir;

    @Test
    void scoresByThePolicyItStatesAndCountsEachSegment() {
        TestCli.Result result = TestCli.run("segment", "engagement", "--json", "--data-dir", dir.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Scoring: email_opened 1, email_clicked 3, page_viewed 1, product_viewed 2,"
                        + " product_added 4, cart_viewed 2, checkout_started 5, order_completed 10; points halve every"
                        + " 30d; Very engaged from 30, Engaged from 10.")
                .contains("0 customers scored").contains("Very engaged").contains("Not engaged")
                .contains("\"customers\":0").contains("\"very_engaged\":0");
    }

    @Test
    void scoringOffInTheCampaignsFolderScoresNothingAndSaysWhy() throws Exception {
        Path campaigns = Files.createDirectories(dir.resolve("campaigns-off"));
        Files.writeString(campaigns.resolve("herald-rules.yaml"), "scoring: off\n");
        Files.writeString(campaigns.resolve("o.yaml"), "id: offer\ntrigger: {event: order_completed}\n"
                + "template: win-back\n");

        TestCli.Result result = TestCli.runCapturingErrors("segment", "engagement", "--data-dir", dir.toString(),
                "-Dherald.rules.dir=" + campaigns);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("engagement scoring is off (scoring: off in herald-rules.yaml)");
    }
}
