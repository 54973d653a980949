package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald bench pipeline} end to end on a tiny load: a real embedded Herald, broker and database. */
class BenchPipelineCommandIT {

    @Test
    void reportsThroughputBothLatenciesWithTheOneFromTheCommitsReturnNeverTheLongerAndTheJitsTimeInThePhase(@TempDir Path dataDir) {
        TestCli.Result result = TestCli.run("bench", "pipeline", "--events", "200", "--warmup", "0", "--rate", "100",
                "--seconds", "2", "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("latency at 100 events/s:", "latency from the producer's commit returning:");
        Map<String, String> fields = TestCli.summaryFields(result.out());
        assertThat(fields).containsEntry("events", "200").containsEntry("latency_events", "200")
                .containsEntry("paced_warmup_s", "0");
        double fromCall = Double.parseDouble(fields.get("p99_ms"));
        double fromReturn = Double.parseDouble(fields.get("p99_after_publish_ms"));
        assertThat(fromReturn).as("an event's clock starts later").isBetween(0.0, fromCall);
        assertThat(Long.parseLong(fields.get("outbox_rows"))).as("every signup's welcome email queued")
                .isGreaterThanOrEqualTo(200);
        assertThat(result.out()).containsPattern("latency phase: the JIT's compiler threads used \\d+ ms of CPU");
        assertThat(Double.parseDouble(fields.get("jit_ms_in_latency"))).as("compiler time during the phase")
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void pacedWarmUpPublishesAtTheRateBeforeTheLatencyPhaseAndIsNotCounted(@TempDir Path dataDir) {
        TestCli.Result result = TestCli.run("bench", "pipeline", "--events", "100", "--warmup", "0", "--rate", "100",
                "--seconds", "1", "--paced-warmup", "2", "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("paced warm-up: 200 events at 100/s for 2 s, not counted")
                .containsPattern("paced warm-up: the JIT's compiler threads used -?\\d+ ms of CPU");
        assertThat(result.out().indexOf("paced warm-up: 200 events")).as("before the measured phase")
                .isLessThan(result.out().indexOf("latency: 100 events at 100/s"));
        Map<String, String> fields = TestCli.summaryFields(result.out());
        assertThat(fields).containsEntry("paced_warmup_s", "2").containsEntry("latency_events", "100");
        // each signup queues a welcome and each order a thank-you: 100 + 200 + 100 events, 200 without the warm-up
        assertThat(Long.parseLong(fields.get("outbox_rows"))).as("the paced warm-up's events were processed too")
                .isGreaterThanOrEqualTo(400);
    }
}
