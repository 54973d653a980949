package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald bench disk} on the real disk of the test's temporary directory (one-second runs). */
class BenchDiskCommandTest {

    @TempDir
    Path dir;

    @Test
    void syncedAppendsAreTimedAndReportedInAHistogramThatCountsEverySyncAndTheFilesAreDeleted() throws Exception {
        TestCli.Result result = TestCli.run("bench", "disk", "--dir", dir.toString(), "--seconds", "1",
                "--background-mb-per-s", "2");

        assertThat(result.exitCode()).isZero();
        Map<String, String> summary = TestCli.summaryFields(result.out());
        long syncs = Long.parseLong(summary.get("syncs"));
        assertThat(syncs).isPositive();
        long inHistogram = result.outLines().stream().filter(line -> line.matches("\\s+[<>=]+ +\\d+ ms +\\d+.*"))
                .mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[3])).sum();
        assertThat(inHistogram).as("every sync is in one bucket").isEqualTo(syncs);
        assertThat(Double.parseDouble(summary.get("p50_ms"))).isPositive()
                .isLessThanOrEqualTo(Double.parseDouble(summary.get("p99_ms")));
        assertThat(Double.parseDouble(summary.get("max_ms"))).isGreaterThanOrEqualTo(Double.parseDouble(summary.get("p999_ms")));
        assertThat(Double.parseDouble(summary.get("background_mb_per_s"))).as("the second file was written")
                .isPositive();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("both files deleted").isEmpty();
        }
    }

    @Test
    void theShareOfTimeInSlowSyncsAddsUpTheSyncsOverFiftyMilliseconds() {
        BenchDiskCommand command = new BenchDiskCommand();
        command.seconds = 2;
        command.block = 4096;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        command.report(new PrintStream(out, true, StandardCharsets.UTF_8), new double[]{0.5, 3, 60, 140, 51}, 0);

        String text = out.toString(StandardCharsets.UTF_8);
        Map<String, String> summary = TestCli.summaryFields(text);
        assertThat(summary.get("slow_time_share")).isEqualTo("0.1255"); // (60 + 140 + 51) ms of 2 s
        assertThat(summary.get("max_ms")).isEqualTo("140.00");
        assertThat(summary.get("p50_ms")).isEqualTo("51.00");
        assertThat(text).contains("<=   1 ms        1", "<=   5 ms        1", "<= 100 ms        2", "<= 200 ms        1");
    }

    @Test
    void aRunShorterThanASecondIsRefusedWithTheReason() {
        TestCli.Result result = TestCli.runCapturingErrors("bench", "disk", "--dir", dir.toString(), "--seconds", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--seconds and --block must be at least 1");
    }
}
