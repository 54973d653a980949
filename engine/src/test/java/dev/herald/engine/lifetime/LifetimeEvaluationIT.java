package dev.herald.engine.lifetime;

import dev.herald.engine.imports.CleaningPolicy;
import dev.herald.engine.imports.ColumnMapping;
import dev.herald.engine.imports.ImportProgress;
import dev.herald.engine.imports.RejectedRows;
import dev.herald.engine.imports.TransactionFileReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The BG/NBD model on the real Online Retail orders: fitted on the orders before June 2011, it predicts the summer's
 * purchases better than "the same rate as before" (correlation, and the Brier score of the chance of buying), its
 * total is within 10 % of what happened and its chances are calibrated band by band; with the Gamma-Gamma model its
 * spend predictions track what customers spent as closely as the baseline's (no better: docs/benchmarks.md).
 */
class LifetimeEvaluationIT {

    static final Path FILE = Path.of("..", "data", "online-retail", "online_retail.csv.gz");
    static List<GammaGamma.ValuedOrder> orders;

    @BeforeAll
    static void readOrders() {
        orders = new TransactionFileReader(ColumnMapping.onlineRetail(), CleaningPolicy.defaults())
                .read(FILE, header -> RejectedRows.NONE, ImportProgress.NONE).orders().stream()
                .map(o -> new GammaGamma.ValuedOrder(o.customerId(), o.orderedAt(), o.total().doubleValue())).toList();
    }

    @Test
    void onASummerHoldoutTheModelBeatsTheSameRateAsBeforeAndIsCalibrated() {
        LifetimeEvaluation.Result r = LifetimeEvaluation.evaluate(orders, LocalDate.parse("2011-06-01"), 90);

        assertThat(r.customers()).isEqualTo(2_718);
        assertThat(r.model().correlation()).isGreaterThan(r.baseline().correlation());
        assertThat(r.brierModel()).isLessThan(r.brierBaseline());
        assertThat(r.model().predictedTotal()).isCloseTo(r.actualTotal(), within(0.1 * r.actualTotal()));
        // spend: as good as "the same rate times the customer's own mean", not better (docs/benchmarks.md)
        assertThat(r.spendModel()).as("the spend model is used on these orders").isNotNull();
        assertThat(r.spendModel().correlation()).isGreaterThan(0.8)
                .isCloseTo(r.spendBaseline().correlation(), within(0.02));
        for (LifetimeEvaluation.Band band : r.bands()) {
            if (band.customers() >= 100) {
                assertThat(band.shareWhoBought()).as("who bought among customers given %.0f-%.0f%%", 100 * band.from(),
                        100 * band.to()).isCloseTo(band.meanPredicted(), within(0.06));
            }
        }
    }

    @Test
    void aHoldoutPastTheLastOrderIsRefusedWithTheDates() {
        assertThatThrownBy(() -> LifetimeEvaluation.evaluate(orders, LocalDate.parse("2011-11-01"), 90))
                .hasMessageContaining("ends after the last order (2011-12-09)");
    }
}
