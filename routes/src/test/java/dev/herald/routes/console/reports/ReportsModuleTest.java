package dev.herald.routes.console.reports;

import dev.herald.engine.engagement.EngagementReport;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reports page's change from the period before: percentage points, only where both periods sent email. */
class ReportsModuleTest {

    @Test
    void changesAreSignedPercentagePoints() {
        assertThat(ReportsModule.points(0.021)).isEqualTo("+2.1 pts");
        assertThat(ReportsModule.points(-0.1)).isEqualTo("−10.0 pts");
        assertThat(ReportsModule.points(0.0004)).isEqualTo("±0.0 pts");
    }

    @Test
    void aRowGetsChangesOnlyWhenThePeriodBeforeSentEmailToo() {
        EngagementReport.Line now = new EngagementReport.Line("news", "all", 10, 0, 4, 2, 0, 0, BigDecimal.ZERO);
        EngagementReport.Line before = new EngagementReport.Line("news", "all", 20, 0, 10, 1, 0, 0, BigDecimal.ZERO);
        EngagementReport.Line silent = new EngagementReport.Line("news", "all", 0, 3, 0, 0, 0, 0, BigDecimal.ZERO);
        Map<String, Object> row = new HashMap<>();

        ReportsModule.changes(row, now, before);
        assertThat(row).containsEntry("openChange", "−10.0 pts").containsEntry("clickChange", "+15.0 pts");

        ReportsModule.changes(row, now, silent);
        assertThat(row.get("openChange")).isNull();
        ReportsModule.changes(row, now, null);
        assertThat(row.get("clickChange")).isNull();
    }
}
