package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.GlobalControlGroup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The global control report's figures and its verdict in plain words. */
class GlobalControlReportTest {

    static final GlobalControlGroup TEN_PERCENT = new GlobalControlGroup(0.1);
    static final Instant SINCE = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2026-11-01T00:00:00Z");

    /** {@code customers} revenues: {@code buyers} of them spent {@code each}, the rest nothing. */
    static List<Double> revenue(int customers, int buyers, double each) {
        List<Double> values = new ArrayList<>(Collections.nCopies(buyers, each));
        values.addAll(Collections.nCopies(customers - buyers, 0.0));
        return values;
    }

    @Test
    void moreBuyingAmongThoseWhoGetMarketingEmailIsReportedWithItsInterval() {
        GlobalControlReport report = GlobalControlReport.of(TEN_PERCENT, SINCE, UNTIL, 100, revenue(1000, 100, 40),
                1350, revenue(9000, 1350, 40));

        assertThat(report.control().buyerRate()).isEqualTo(0.10);
        assertThat(report.treated().buyerRate()).isEqualTo(0.15);
        assertThat(report.conversion().absDiff()).isCloseTo(0.05, within(1e-12));
        // unpooled standard error sqrt(.1*.9/1000 + .15*.85/9000) = 0.010206: the interval is 0.05 ± 1.96 of them
        assertThat(report.conversion().absCi().low()).isCloseTo(0.05 - 1.959964 * 0.010206, within(1e-5));
        assertThat(report.revenue().meanDiff()).isCloseTo(0.15 * 40 - 0.10 * 40, within(1e-9));
        assertThat(report.treated().revenuePerCustomer()).isCloseTo(6.0, within(1e-9));
        assertThat(report.verdict()).startsWith("Marketing email raises buying: 15.0% of the customers who could get"
                + " marketing email bought, against 10.0% of the control group (+5.0 points, 95% interval +3.0 to +7.0");
    }

    @Test
    void aDifferenceWithinNoiseIsNotClaimed() {
        GlobalControlReport report = GlobalControlReport.of(TEN_PERCENT, SINCE, UNTIL, 100, revenue(1000, 100, 40),
                920, revenue(9000, 920, 40));

        assertThat(report.conversion().pValue()).isGreaterThan(0.05);
        assertThat(report.verdict()).startsWith("No difference shown: 10.2% of the customers who could get marketing"
                + " email bought, against 10.0% of the control group").endsWith("The interval still includes no effect.");
    }

    @Test
    void aSmallControlGroupGetsNoVerdict() {
        GlobalControlReport report = GlobalControlReport.of(TEN_PERCENT, SINCE, UNTIL, 2, revenue(40, 2, 10),
                90, revenue(360, 90, 10));

        assertThat(report.verdict()).isEqualTo("Too early to tell: the control group holds 40 customers (10% of 400);"
                + " a verdict needs at least 100. Wait for more customers, or raise globalControl.");
    }
}
