package dev.herald.routes.console.segments;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentChartsTest {

    @Test
    void segmentNamesAreEscapedSoAChartCannotCarryMarkup() {
        String svg = SegmentCharts.bars("sizes", List.of(new SegmentCharts.Bar("<script>alert(1)</script>", 3, "#000")));
        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        String scatter = SegmentCharts.scatter("t", "x", "y", List.of(new SegmentCharts.Point(1, 10, "a\"b")),
                Map.of("a\"b", "#111"));
        assertThat(scatter).doesNotContain("a\"b").contains("a&quot;b");
    }

    @Test
    void barsAreScaledToTheLargestSegment() {
        String svg = SegmentCharts.bars("sizes", List.of(new SegmentCharts.Bar("Big", 10, "#000"),
                new SegmentCharts.Bar("Half", 5, "#111")));
        assertThat(svg).contains("width=\"460.0\"").contains("width=\"230.0\"");
        assertThat(svg).startsWith("<svg").endsWith("</svg>").doesNotContain("style=");
    }

    @Test
    void aScatterOfOnePointOrOfZeroSpendStillDraws() {
        assertThat(SegmentCharts.scatter("t", "x", "y", List.of(new SegmentCharts.Point(0, 0, "Lost")),
                Map.of("Lost", "#7f7f7f"))).contains("<circle").doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void everyRfmSegmentHasItsOwnColour() {
        assertThat(SegmentsModule.rfmColours().values()).doesNotHaveDuplicates().hasSize(10);
    }
}
