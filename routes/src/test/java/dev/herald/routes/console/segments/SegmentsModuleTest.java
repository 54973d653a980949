package dev.herald.routes.console.segments;

import dev.herald.engine.segment.SegmentOverview;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The segments page's lifetime section: a bar per band of the chance to buy, and a table row with what is expected. */
class SegmentsModuleTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyBandOfTheChanceToBuyIsABarAndARow() {
        List<SegmentOverview.PredictionBand> bands = List.of(
                new SegmentOverview.PredictionBand(0.0, 0.2, 518, 42.25, 9_000),
                new SegmentOverview.PredictionBand(0.2, 0.4, 1_200, 380.5, 81_000.5),
                new SegmentOverview.PredictionBand(0.4, 0.6, 900, 700, 150_000),
                new SegmentOverview.PredictionBand(0.6, 0.8, 0, 0, 0),
                new SegmentOverview.PredictionBand(0.8, 1.0, 1_720, 3_500, 2_000_000));

        Map<String, Object> model = SegmentsModule.lifetimeModel(bands);

        String chart = (String) model.get("chart");
        assertThat(chart.split("<rect ", -1).length - 1).isEqualTo(5);
        assertThat(chart).contains("0–20 %").contains("80–100 %").contains("1,720");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) model.get("rows");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1)).containsEntry("band", "20–40 %").containsEntry("customers", "1,200")
                .containsEntry("orders", "380.5").containsEntry("spend", "81,000.50");
    }
}
