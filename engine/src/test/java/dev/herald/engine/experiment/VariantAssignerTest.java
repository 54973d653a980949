package dev.herald.engine.experiment;

import dev.herald.engine.experiment.stats.SampleRatioTest;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VariantAssignerTest {

    private static final int CUSTOMERS = 100_000;

    @Test
    void assignment_is_sticky_across_assigners_and_calls() {
        ExperimentDesign design = ExperimentDesign.split("spring-sale-2026", "A", "B", "C");
        VariantAssigner first = new VariantAssigner(design);
        VariantAssigner second = new VariantAssigner(ExperimentDesign.split("spring-sale-2026", "A", "B", "C"));
        for (int i = 0; i < 2_000; i++) {
            String id = "C" + (12_000 + i);
            VariantAssigner.Assignment a = first.assign(id);
            assertThat(first.assign(id)).isEqualTo(a);
            assertThat(second.assign(id)).isEqualTo(a);
        }
    }

    @Test
    void weighted_split_with_holdout_matches_the_intended_shares_over_100k_ids() {
        ExperimentDesign design = new ExperimentDesign("welcome-subject-test", 0.10, List.of(
                new ExperimentDesign.Arm("A", 5, Map.of("subject", "Welcome!")),
                new ExperimentDesign.Arm("B", 3, Map.of("subject", "Your 10 % welcome gift")),
                new ExperimentDesign.Arm("C", 2, Map.of("subject", "Hello from Herald Shop"))));
        Map<String, Long> counts = count(design);
        // intended: holdout 10 %, then 90 % split 5:3:2
        SampleRatioTest.Result result = SampleRatioTest.test(
                new long[] {counts.get("holdout"), counts.get("A"), counts.get("B"), counts.get("C")},
                new double[] {0.10, 0.45, 0.27, 0.18});
        assertThat(result.chi2()).isLessThan(new ChiSquaredDistribution(3).inverseCumulativeProbability(0.999));
        assertThat(result.mismatch()).isFalse();
    }

    @Test
    void holdout_customers_get_no_arm_settings() {
        ExperimentDesign design = new ExperimentDesign("h", 0.5, List.of(
                new ExperimentDesign.Arm("A", 1, Map.of("template", "t1"))));
        VariantAssigner assigner = new VariantAssigner(design);
        for (int i = 0; i < 1_000; i++) {
            VariantAssigner.Assignment a = assigner.assign("C" + i);
            assertThat(a.holdout()).isEqualTo(a.variant().equals(ExperimentDesign.HOLDOUT));
            assertThat(a.factors()).isEqualTo(a.holdout() ? Map.of() : Map.of("template", "t1"));
        }
    }

    @Test
    void multivariate_two_by_two_gives_four_balanced_cells() {
        Map<String, List<ExperimentDesign.Level>> factors = new LinkedHashMap<>();
        factors.put("subject", List.of(ExperimentDesign.Level.of("short", "Sale!"),
                ExperimentDesign.Level.of("long", "Our spring sale starts today")));
        factors.put("template", List.of(ExperimentDesign.Level.of("hero", "spring-hero"),
                ExperimentDesign.Level.of("grid", "spring-grid")));
        ExperimentDesign design = ExperimentDesign.multivariate("mvt-1", 0.0, factors);
        assertThat(design.arms()).extracting(ExperimentDesign.Arm::name)
                .containsExactly("short+hero", "short+grid", "long+hero", "long+grid");
        assertThat(design.arms().get(2).factors())
                .containsExactly(Map.entry("subject", "Our spring sale starts today"), Map.entry("template", "spring-hero"));

        Map<String, Long> counts = count(design);
        long[] observed = design.arms().stream().mapToLong(arm -> counts.getOrDefault(arm.name(), 0L)).toArray();
        SampleRatioTest.Result result = SampleRatioTest.test(observed, new double[] {1, 1, 1, 1});
        assertThat(result.chi2()).isLessThan(new ChiSquaredDistribution(3).inverseCumulativeProbability(0.999));
    }

    @Test
    void different_salts_assign_independently() {
        VariantAssigner first = new VariantAssigner(ExperimentDesign.split("experiment-1", "A", "B"));
        VariantAssigner second = new VariantAssigner(ExperimentDesign.split("experiment-2", "A", "B"));
        long[][] table = new long[2][2];
        for (int i = 0; i < CUSTOMERS; i++) {
            String id = "C" + i;
            table[first.assign(id).variant().equals("A") ? 0 : 1][second.assign(id).variant().equals("A") ? 0 : 1]++;
        }
        // chi-square test of independence on the 2x2 table, df = 1
        double chi2 = 0;
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                double expected = (double) (table[r][0] + table[r][1]) * (table[0][c] + table[1][c]) / CUSTOMERS;
                chi2 += Math.pow(table[r][c] - expected, 2) / expected;
            }
        }
        assertThat(chi2).isLessThan(new ChiSquaredDistribution(1).inverseCumulativeProbability(0.999));
    }

    @Test
    void bad_designs_are_rejected_with_the_reason() {
        assertThatThrownBy(() -> ExperimentDesign.split("", "A")).hasMessageContaining("salt");
        assertThatThrownBy(() -> ExperimentDesign.split("s", "A", "A")).hasMessageContaining("duplicate arm name A");
        assertThatThrownBy(() -> ExperimentDesign.split("s", "holdout")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new ExperimentDesign("s", 1.0, List.of(new ExperimentDesign.Arm("A", 1, Map.of()))))
                .hasMessageContaining("holdout share");
        assertThatThrownBy(() -> new ExperimentDesign.Arm("A", 0, Map.of())).hasMessageContaining("weight");
    }

    private static Map<String, Long> count(ExperimentDesign design) {
        VariantAssigner assigner = new VariantAssigner(design);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            counts.merge(assigner.assign("C" + i).variant(), 1L, Long::sum);
        }
        return counts;
    }
}
