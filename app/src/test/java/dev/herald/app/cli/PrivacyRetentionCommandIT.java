package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald privacy retention} on an H2 data directory (ADR 0078): a dry run lists what each kind of data would
 * lose; without a period, or with one under 90 days, it refuses and says why.
 */
class PrivacyRetentionCommandIT {

    @TempDir
    Path dir;

    @Test
    void aDryRunListsEachKindOfDataWithTheCutOff() {
        TestCli.Result result = TestCli.run("privacy", "retention", "--period", "730d", "--dry-run", "--data-dir",
                dir.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Would remove what is older than ").contains("activity events")
                .contains("opens and clicks").contains("bounce and complaint reports")
                .contains("email contents emptied");
    }

    @Test
    void withoutAPeriodOrWithOneTooShortItRefusesAndSaysWhy() {
        TestCli.Result none = TestCli.runCapturingErrors("privacy", "retention", "--data-dir", dir.toString());
        TestCli.Result tooShort = TestCli.runCapturingErrors("privacy", "retention", "--period", "30d", "--data-dir",
                dir.toString());

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no retention period: give --period (e.g. 730d) or set herald.retention.period");
        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.err()).contains("--period must be at least 90d");
    }
}
