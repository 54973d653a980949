package dev.herald.routes.console.reports;

import dev.herald.engine.engagement.EngagementReport;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reports page's daily chart: one bar a day on a round scale, lines for opens and clicks, escaped text. */
class ReportChartsTest {

    static final LocalDate DAY = LocalDate.parse("2026-11-01");

    @Test
    void drawsABarADayAndALineEachForOpensAndClicks() {
        List<EngagementReport.Day> days = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            days.add(new EngagementReport.Day(DAY.plusDays(i), 100 * i, 40 * i, 5 * i, 0, 0, BigDecimal.ZERO));
        }

        String svg = ReportCharts.daily("All campaigns", days);

        assertThat(svg).startsWith("<svg").endsWith("</svg>").doesNotContain("style=").doesNotContain("<script");
        assertThat(svg.split("<rect ", -1).length - 1).isEqualTo(7 + 3);
        assertThat(svg).contains("<title>2026-11-07: 600 sent, 240 opened, 30 clicked</title>")
                .contains("polyline class=\"opened\"").contains("polyline class=\"clicked\"")
                .contains(">2026-11-01<").contains(">2026-11-04<").contains(">2026-11-07<")
                .contains(">1,000<").as("the axis ends on a round number above 600");
    }

    @Test
    void theScaleIsOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(ReportCharts.niceCeiling(1)).isEqualTo(1);
        assertThat(ReportCharts.niceCeiling(3)).isEqualTo(5);
        assertThat(ReportCharts.niceCeiling(17)).isEqualTo(20);
        assertThat(ReportCharts.niceCeiling(600)).isEqualTo(1_000);
        assertThat(ReportCharts.niceCeiling(1_000)).isEqualTo(1_000);
        assertThat(ReportCharts.niceCeiling(1_001)).isEqualTo(2_000);
    }

    @Test
    void axisLabelsAreWholeNumbersUnlessHalfOfASmallScale() {
        assertThat(ReportCharts.axisLabel(2_500)).isEqualTo("2,500");
        assertThat(ReportCharts.axisLabel(2.5)).isEqualTo("2.5");
        assertThat(ReportCharts.axisLabel(0)).isEqualTo("0");
    }

    @Test
    void escapesTheTitleAndDrawsQuietDaysFlat() {
        String svg = ReportCharts.daily("<b>spring</b> & more",
                List.of(new EngagementReport.Day(DAY, 0, 0, 0, 0, 0, BigDecimal.ZERO)));

        assertThat(svg).contains("&lt;b&gt;spring&lt;/b&gt; &amp; more").doesNotContain("<b>")
                .contains("height=\"0.0\"");
    }
}
