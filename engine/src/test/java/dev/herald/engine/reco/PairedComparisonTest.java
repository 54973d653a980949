package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Paired differences by hand; Student's t quantiles from tables (t(3; 0.975) = 3.182446). */
class PairedComparisonTest {

    private static OfflineEvaluation.Result result(String name, double[] hits, double[] recall, double[] ndcg) {
        return new OfflineEvaluation.Result(name, OfflineEvaluation.Protocol.ALL, hits.length, 0, 0, 0, 0, 0, 0, 1,
                new OfflineEvaluation.CustomerScores(hits, recall, ndcg, new boolean[hits.length]));
    }

    @Test
    void theDifferenceIsTakenCustomerByCustomerWithAStudentTInterval() {
        // hit differences 1, 0, 0, 1: mean 0.5, sample sd sqrt(1/3), SE sqrt(1/3) / 2
        PairedComparison c = PairedComparison.of(
                result("candidate", new double[] {1, 1, 0, 1}, new double[] {1, 1, 0, 1}, new double[] {1, 1, 0, 1}),
                result("baseline", new double[] {0, 1, 0, 0}, new double[] {0, 1, 0, 0}, new double[] {0, 1, 0, 0}));
        double se = Math.sqrt(1 / 3.0) / 2;
        assertThat(c.customers()).isEqualTo(4);
        assertThat(c.hitRate().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(c.hitRate().standardError()).isCloseTo(se, within(1e-12));
        assertThat(c.hitRate().low()).isCloseTo(0.5 - 3.182446 * se, within(1e-6));
        assertThat(c.hitRate().high()).isCloseTo(0.5 + 3.182446 * se, within(1e-6));
        assertThat(c.hitRate().verdict()).as("the interval holds zero").isZero();
    }

    @Test
    void sameCustomersWinningEveryTimeIsBetterAndLosingIsWorse() {
        double[] ones = {1, 1, 1};
        double[] zeros = {0, 0, 0};
        double[] mixed = {0.5, 0.6, 0.7};
        PairedComparison c = PairedComparison.of(result("a", ones, zeros, mixed), result("b", zeros, ones, zeros));
        assertThat(c.hitRate().verdict()).isEqualTo(1);
        assertThat(c.recall().verdict()).isEqualTo(-1);
        assertThat(c.ndcg().mean()).isCloseTo(0.6, within(1e-12));
        assertThat(c.ndcg().verdict()).isEqualTo(1);
    }

    @Test
    void identicalListsShowNoDifference() {
        double[] hits = {1, 0, 1, 0};
        PairedComparison c = PairedComparison.of(result("a", hits, hits, hits), result("b", hits, hits, hits));
        assertThat(c.hitRate().mean()).isZero();
        assertThat(c.hitRate().standardError()).isZero();
        assertThat(c.hitRate().verdict()).isZero();
    }

    @Test
    void resultsOnDifferentCustomersCannotBePaired() {
        assertThatThrownBy(() -> PairedComparison.of(
                result("a", new double[] {1, 0}, new double[] {1, 0}, new double[] {1, 0}),
                result("b", new double[] {1}, new double[] {1}, new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot pair a (2 customers");
    }

    @Test
    void oneCustomerGivesADifferenceButNoInterval() {
        PairedComparison c = PairedComparison.of(
                result("a", new double[] {1}, new double[] {1}, new double[] {1}),
                result("b", new double[] {0}, new double[] {0}, new double[] {0}));
        assertThat(c.hitRate().mean()).isEqualTo(1);
        assertThat(c.hitRate().standardError()).isNaN();
        assertThat(c.hitRate().verdict()).isZero();
    }
}
