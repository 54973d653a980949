package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald bench schedule} end to end on a tiny audience: a real embedded Herald, broker and database. */
class BenchScheduleCommandIT {

    @Test
    void theRunAsksEveryStoredCustomerAndQueuesOneEmailEach(@TempDir Path dataDir) {
        TestCli.Result result = TestCli.run("bench", "schedule", "--customers", "250", "--data-dir",
                dataDir.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("phase 2: the newsletter's time is moved to a minute ago")
                .containsPattern("run done: 250 customers asked, 250 emails queued in [\\d.]+ s");
        Map<String, String> fields = TestCli.summaryFields(result.out());
        assertThat(fields).containsEntry("customers", "250").containsEntry("asked", "250")
                .containsEntry("emails", "250");
        assertThat(Double.parseDouble(fields.get("customers_per_s"))).isPositive();
    }
}
