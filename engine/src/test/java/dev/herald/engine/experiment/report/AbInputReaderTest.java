package dev.herald.engine.experiment.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input files get a clear error with the file, the line and the reason. */
class AbInputReaderTest {

    private static final String VALID = """
            {"control": "A", "alpha": 0.05, "variants": [
              {"name": "A", "users": 10000, "conversions": 2100, "weight": 0.5},
              {"name": "B", "users": 10000, "conversions": 2230, "weight": 0.5,
               "revenue": {"n": 10000, "mean": 1.5, "variance": 20.0}}
            ]}
            """;

    @Test
    void reads_the_issue_format_with_defaults() {
        AbInput input = new AbInputReader().read(VALID.replace(",\n   \"revenue\": {\"n\": 10000, \"mean\": 1.5, \"variance\": 20.0}", ""), "in.json");
        assertThat(input.control()).isEqualTo("A");
        assertThat(input.alpha()).isEqualTo(0.05);
        assertThat(input.metric()).isEqualTo("conversion");
        assertThat(input.variants()).extracting(AbInput.Variant::name).containsExactly("A", "B");
        assertThat(input.variants().get(1).conversions()).isEqualTo(2230);
        assertThat(input.variants().get(1).weight()).isEqualTo(0.5);
    }

    @Test
    void buyers_only_revenue_lists_are_padded_with_zeros_for_the_other_recipients() {
        AbInput input = new AbInputReader().read("""
                {"control": "A", "variants": [
                  {"name": "A", "users": 4, "conversions": 1, "revenue": [8.0]},
                  {"name": "B", "users": 4, "conversions": 2, "revenue": [4.0, 4.0, 0, 0]}]}
                """, "in.json");
        assertThat(input.variants().get(0).revenue().n()).isEqualTo(4);
        assertThat(input.variants().get(0).revenue().mean()).isEqualTo(2.0);
        assertThat(input.variants().get(0).revenue().variance()).isCloseTo(16.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(input.variants().get(1).revenue().variance()).isCloseTo(16.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "\"conversions\": 2230|\"conversions\": 12000|3|conversions (12000) exceed users (10000)",
            "\"users\": 10000, \"conversions\": 2100|\"users\": -5, \"conversions\": 0|2|\"users\" must not be negative",
            "\"users\": 10000, \"conversions\": 2100|\"users\": 10.5, \"conversions\": 2|2|\"users\" must be a whole number",
            "\"weight\": 0.5}|\"weigth\": 0.5}|2|unknown key \"weigth\"",
            "\"control\": \"A\"|\"control\": \"Z\"|1|control \"Z\" is not one of the variants",
            "\"name\": \"B\"|\"name\": \"A\"|3|duplicate variant name \"A\"",
            "\"alpha\": 0.05|\"alpha\": 5|1|\"alpha\" must be between 0 and 1",
            "\"variance\": 20.0|\"variance\": -1|4|variance must be >= 0",
            "]}|]|6|invalid JSON",
    })
    void bad_input_names_file_line_and_reason(String find, String replace, int line, String reason) {
        String json = VALID.replaceFirst(java.util.regex.Pattern.quote(find),
                java.util.regex.Matcher.quoteReplacement(replace));
        assertThat(json).isNotEqualTo(VALID);
        assertThatThrownBy(() -> new AbInputReader().read(json, "test.json"))
                .isInstanceOf(AbInputException.class)
                .hasMessageStartingWith("test.json:" + line + ": ")
                .hasMessageContaining(reason);
    }

    @Test
    void a_single_variant_is_rejected() {
        assertThatThrownBy(() -> new AbInputReader().read("{\"control\": \"A\", \"variants\": [\n"
                + "{\"name\": \"A\", \"users\": 1, \"conversions\": 0}]}", "one.json"))
                .hasMessageContaining("one.json:1: need at least two variants");
    }

    @Test
    void weights_on_some_variants_only_are_rejected() {
        assertThatThrownBy(() -> new AbInputReader().read(VALID.replace(", \"weight\": 0.5}", "}"), "w.json"))
                .hasMessageContaining("give \"weight\" for every variant or for none");
    }
}
