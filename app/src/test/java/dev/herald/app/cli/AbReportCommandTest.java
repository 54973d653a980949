package dev.herald.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald ab report --input}: the JSON contract, CSV, HTML to a file, and clear errors for bad input. */
class AbReportCommandTest {

    @TempDir
    static Path dir;
    static Path input;

    @BeforeAll
    static void copyInput() throws IOException {
        input = dir.resolve("click-test.json");
        try (InputStream in = AbReportCommandTest.class.getResourceAsStream("/ab/click-test.json")) {
            Files.copy(in, input);
        }
    }

    @Test
    void json_output_has_the_contract_keys() throws IOException {
        AbCli.Result result = AbCli.run("ab", "report", "--input", input.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertThat(fieldNames(report.get("srm"))).containsExactly("chi2", "df", "p_value", "mismatch");
        assertThat(fieldNames(report.get("variants").get(0))).startsWith("name", "users", "conversions", "rate",
                "rate_ci", "chance_to_be_best");
        assertThat(fieldNames(report.get("comparisons").get(0))).containsExactly("variant", "control", "abs_diff",
                "abs_ci", "rel_diff", "rel_ci", "z", "p_value", "p_value_holm", "chance_to_beat_control", "sequential_p",
                "sequential_p_holm", "sequential_abs_ci");
        assertThat(report.get("comparisons").get(0).get("rel_ci").size()).isEqualTo(2);
        assertThat(report.has("revenue_comparisons")).isFalse();
        assertThat(report.get("variants").get(1).get("users").asLong()).isEqualTo(10_000);
        assertThat(report.get("variants").get(1).get("conversions").asLong()).isEqualTo(2_230);
    }

    @Test
    void csv_has_one_row_per_variant() throws IOException {
        AbCli.Result result = AbCli.run("ab", "report", "--input", input.toString(), "--format", "csv");
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(result.out())).getRecords();
        assertThat(rows).extracting(r -> r.get("variant")).containsExactly("A", "B");
        assertThat(rows.get(0).get("p_value")).isEmpty();
        assertThat(Double.parseDouble(rows.get(1).get("rate"))).isEqualTo(0.223);
    }

    @Test
    void html_goes_to_the_out_file_and_the_verdict_to_the_terminal() throws IOException {
        Path out = dir.resolve("reports/click.html");
        AbCli.Result result = AbCli.run("ab", "report", "--input", input.toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Wrote html report to").contains("Variant B beats control A");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>")
                .contains("Variant B lifts the click rate by 6.2 % (95 % CI 0.6 %–11.8 %), p = 0.026");
    }

    @Test
    void bad_input_exits_1_naming_file_line_and_reason() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"control": "A", "variants": [
                  {"name": "A", "users": 100, "conversions": 10},
                  {"name": "B", "users": 100, "conversions": 120}
                ]}
                """);
        AbCli.Result result = AbCli.run("ab", "report", "--input", bad.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("herald: " + bad + ":3: variant \"B\": conversions (120) exceed users (100)");
        assertThat(result.out()).isEmpty();

        AbCli.Result missing = AbCli.run("ab", "report", "--input", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.json: cannot read");
    }

    @Test
    void input_and_campaign_are_mutually_exclusive_and_one_is_required() {
        assertThat(AbCli.run("ab", "report").exitCode()).isNotZero();
        AbCli.Result both = AbCli.run("ab", "report", "--input", input.toString(), "--campaign", "x");
        assertThat(both.exitCode()).isNotZero();
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void help_explains_the_input_format() {
        AbCli.Result result = AbCli.run("ab", "report", "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--input=FILE.json", "--campaign=ID", "--format=json|csv|html",
                "--out=FILE", "\"revenue\"", "docs/ab-statistics.md");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
