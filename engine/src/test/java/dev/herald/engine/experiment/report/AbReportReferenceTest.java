package dev.herald.engine.experiment.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.experiment.stats.SampleSizeCalculator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every number of the JSON report against reference values computed independently with SciPy by
 * docs/ab-statistics/reference_values.py (stored in ab-reference.json): Wilson intervals (binomtest),
 * z-test (chi2_contingency), SRM (chisquare), Welch (ttest_ind_from_stats / ttest_ind), chance to beat
 * control (Evan Miller's closed form), chance to be best (integrate.quad), Holm and the sample size.
 */
class AbReportReferenceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Closed-form statistics agree to rounding. */
    private static final double TIGHT = 1e-9;
    /** Quadrature and the t quantile solver: far finer than the one decimal a report shows. */
    private static final double BAYES = 1e-6;

    static JsonNode reference() throws IOException {
        try (InputStream in = AbReportReferenceTest.class.getResourceAsStream("/experiment/ab-reference.json")) {
            return MAPPER.readTree(in);
        }
    }

    @TestFactory
    List<DynamicTest> every_statistic_matches_the_scipy_reference() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode testCase : reference().get("cases")) {
            tests.add(DynamicTest.dynamicTest(testCase.get("id").asText(), () -> {
                AbInput input = new AbInputReader().read(MAPPER.writeValueAsString(testCase.get("input")), "case");
                JsonNode actual = new AbReportJson().tree(new AbReportBuilder().build(input));
                assertMatches(testCase.get("expected"), actual, "");
            }));
        }
        return tests;
    }

    @Test
    void sample_size_matches_the_reference_and_reaches_the_power() throws IOException {
        for (JsonNode size : reference().get("sample_sizes")) {
            double baseline = size.get("baseline").asDouble();
            double lift = size.get("relative_lift").asDouble();
            double alpha = size.get("alpha").asDouble();
            double power = size.get("power").asDouble();
            Long n = SampleSizeCalculator.usersPerArm(baseline, lift, alpha, power);
            assertThat(n).as("users per arm for %s", size).isEqualTo(size.get("users_per_arm").asLong());
            double p2 = baseline * (1 + lift);
            assertThat(SampleSizeCalculator.power(baseline, p2, n, alpha)).isGreaterThanOrEqualTo(power);
            assertThat(SampleSizeCalculator.power(baseline, p2, n - 1, alpha)).isLessThan(power);
        }
    }

    @Test
    void minimum_detectable_lift_inverts_the_sample_size() {
        Long n = SampleSizeCalculator.usersPerArm(0.21, 0.05, 0.05, 0.8);
        Double lift = SampleSizeCalculator.minimumDetectableLift(0.21, n, 0.05, 0.8);
        assertThat(lift).isBetween(0.0499, 0.05);
        assertThat(SampleSizeCalculator.usersPerArm(0.21, lift, 0.05, 0.8)).isEqualTo(n);
    }

    private static void assertMatches(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object in " + actual).isTrue();
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertThat(actual.has(field.getKey())).as("%s/%s present", path, field.getKey()).isTrue();
                assertMatches(field.getValue(), actual.get(field.getKey()), path + "/" + field.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(path + " is an array").isTrue();
            assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(expected.get(i), actual.get(i), path + "/" + i);
            }
        } else if (expected.isNull()) {
            assertThat(actual.isNull()).as(path + " is null, was " + actual).isTrue();
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as(path + " is a number, was " + actual).isTrue();
            double e = expected.asDouble();
            double tolerance = path.contains("chance") ? BAYES
                    : path.contains("revenue_comparisons") && (path.endsWith("/ci/0") || path.endsWith("/ci/1"))
                    ? 1e-7 * Math.max(1, Math.abs(e)) : TIGHT * Math.max(1, Math.abs(e));
            assertThat(actual.asDouble()).as(path).isCloseTo(e, within(tolerance));
        } else {
            assertThat(actual.asText()).as(path).isEqualTo(expected.asText());
        }
    }
}
