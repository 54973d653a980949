package dev.herald.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald lifetime}: 'eval' on the real Online Retail file prints the comparison with the baseline and its JSON;
 * 'predict' on orders imported with {@code herald import transactions} stores every customer's predictions, which the
 * privacy export shows; bad input is explained.
 */
class LifetimeCommandIT {

    static final Path ONLINE_RETAIL = Path.of("..", "data", "online-retail", "online_retail.csv.gz");

    @TempDir
    Path dir;

    @Test
    void evalComparesTheModelWithTheSameRateAsBeforeOnTheOnlineRetailOrders() throws Exception {
        TestCli.Result result = TestCli.run("lifetime", "eval", ONLINE_RETAIL.toString(), "--cutoff", "2011-06-01",
                "--horizon", "13w", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("BG/NBD fitted on 2,718 customers' orders before 2011-06-01")
                .contains("holdout 2011-06-01 + 91 days").contains("same rate as before").contains("Brier score");
        String[] lines = result.out().strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(json.get("customers").asInt()).isEqualTo(2_718);
        assertThat(json.get("brier_bgnbd").asDouble()).isLessThan(json.get("brier_baseline").asDouble());
        assertThat(json.get("bgnbd").get("correlation").asDouble())
                .isGreaterThan(json.get("baseline").get("correlation").asDouble());
        assertThat(json.get("bands")).hasSize(5);
    }

    @Test
    void predictStoresEveryCustomersPredictionsFromTheImportedOrders() throws Exception {
        Path csv = dir.resolve("orders.csv");
        List<String> rows = new ArrayList<>(List.of("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
                + "CustomerID,Country"));
        LocalDate start = LocalDate.parse("2026-01-05");
        int invoice = 1000;
        for (int c = 0; c < 30; c++) {
            int purchases = c % 5 + 1;
            for (int k = 0; k < purchases; k++) {
                rows.add((invoice++) + ",85123A,MUG," + (1 + (c * 3 + k * 5) % 7) + "," + start.plusDays(c + k * (4L + c))
                        + " 10:00:00,2.50,"
                        + (12000 + c) + ",United Kingdom");
            }
        }
        Files.write(csv, rows);
        String d = dir.resolve("data").toString();
        assertThat(TestCli.run("import", "transactions", csv.toString(), "--data-dir", d).exitCode()).isZero();

        TestCli.Result predict = TestCli.run("lifetime", "predict", "--as-of", "2026-07-01", "--top", "3", "--json",
                "--data-dir", d);
        TestCli.Result export = TestCli.run("privacy", "export", "C12004", "--data-dir", d);

        assertThat(predict.exitCode()).isZero();
        assertThat(predict.out()).contains("BG/NBD of 30 customers as of 2026-07-01").contains("P(buy)");
        String[] lines = predict.out().strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(json.get("customers").asInt()).isEqualTo(30);
        assertThat(export.out()).contains("purchase_probability_90d").contains("expected_orders_90d")
                .contains("alive_probability").contains("expected_spend_90d");
    }

    @Test
    void aMissingFileOrAHoldoutPastTheLastOrderIsExplained() {
        TestCli.Result missing = TestCli.runCapturingErrors("lifetime", "eval", dir.resolve("nope.csv").toString());
        TestCli.Result late = TestCli.runCapturingErrors("lifetime", "eval", ONLINE_RETAIL.toString(), "--cutoff",
                "2011-11-20");

        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("nope.csv: no such file or not readable");
        assertThat(late.exitCode()).isNotZero();
        assertThat(late.err()).contains("ends after the last order (2011-12-09)");
    }
}
