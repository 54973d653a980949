package dev.herald.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald import transactions}, {@code herald import customers} and {@code herald segment rfm} on an H2
 * data directory, with the first 20,000 rows of the real Online Retail file (the full file is
 * OnlineRetailImportIT's job in the engine).
 */
class ImportAndRfmCommandIT {

    @TempDir
    Path dir;

    @Test
    void importIsIdempotentAndRfmPrintsEverySegment() throws Exception {
        Path sample = dir.resolve("sample.csv");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                Path.of("..", "data", "online-retail", "online_retail.csv.gz"))), StandardCharsets.UTF_8))) {
            for (int i = 0; i <= 20_000; i++) {
                lines.add(in.readLine());
            }
        }
        Files.write(sample, lines);
        Path data = dir.resolve("data");

        TestCli.Result first = TestCli.run("import", "transactions", sample.toString(), "--data-dir", data.toString());
        assertThat(first.exitCode()).isZero();
        String summary = first.outLines().get(first.outLines().size() - 1);
        assertThat(summary).startsWith("summary rows=20000 ").contains(" orders_present=0 ");
        assertThat(Files.readAllLines(data.resolve("imports").resolve("sample.skipped.csv")).get(0))
                .startsWith("line,reason,detail,InvoiceNo");

        TestCli.Result again = TestCli.run("import", "transactions", sample.toString(), "--data-dir", data.toString());
        assertThat(again.outLines().get(again.outLines().size() - 1)).contains(" orders_stored=0 ");

        TestCli.Result rfm = TestCli.run("segment", "rfm", "--data-dir", data.toString(), "--json");
        assertThat(rfm.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(rfm.outLines().get(rfm.outLines().size() - 1));
        int customers = json.get("customers").asInt();
        assertThat(customers).isPositive();
        assertThat(json.get("segments")).hasSize(10);
        int sum = 0;
        for (JsonNode s : json.get("segments")) {
            sum += s.get("customers").asInt();
        }
        assertThat(sum).isEqualTo(customers);
        assertThat(json.get("changes").asInt()).isEqualTo(customers);
        assertThat(rfm.out()).contains("Champions", "Can't lose", "Lost");

        TestCli.Result wholesale = TestCli.run("import", "customers",
                Path.of("..", "data", "wholesale-customers", "wholesale-customers.csv").toString(),
                "--data-dir", data.toString());
        assertThat(wholesale.out()).contains("Customers: 440 (440 new, 0 updated)");
    }
}
