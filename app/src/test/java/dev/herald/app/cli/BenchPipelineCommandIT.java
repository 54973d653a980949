package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
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
        String summary = result.outLines().stream().filter(l -> l.startsWith("summary ")).findFirst().orElseThrow();
        Map<String, String> fields = new HashMap<>();
        for (String field : summary.substring("summary ".length()).split(" ")) {
            String[] kv = field.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        assertThat(fields).containsEntry("events", "200").containsEntry("latency_events", "200");
        double fromCall = Double.parseDouble(fields.get("p99_ms"));
        double fromReturn = Double.parseDouble(fields.get("p99_after_publish_ms"));
        assertThat(fromReturn).as("an event's clock starts later").isBetween(0.0, fromCall);
        assertThat(Long.parseLong(fields.get("outbox_rows"))).as("every signup's welcome email queued")
                .isGreaterThanOrEqualTo(200);
        assertThat(result.out()).containsPattern("latency phase: the JIT's compiler threads used \\d+ ms of CPU");
        assertThat(Double.parseDouble(fields.get("jit_ms_in_latency"))).as("compiler time during the phase")
                .isGreaterThanOrEqualTo(0);
    }
}
