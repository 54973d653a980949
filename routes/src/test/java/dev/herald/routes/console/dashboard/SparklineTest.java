package dev.herald.routes.console.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SparklineTest {

    @Test
    void theHighestValueTouchesTheTopAndZeroTheBottomLeftToRight() {
        assertThat(Sparkline.points(new long[]{0, 5, 10})).isEqualTo("0.0,58.0 150.0,30.0 300.0,2.0");
    }

    @Test
    void anEmptyHourIsAFlatLineAtTheBottom() {
        assertThat(Sparkline.points(new long[]{0, 0})).isEqualTo("0.0,58.0 300.0,58.0");
    }

    @Test
    void ratesAndCountsAreFormattedForPeople() {
        assertThat(DashboardModule.rate(0.05)).isEqualTo("0.1");
        assertThat(DashboardModule.rate(1234.4)).isEqualTo("1,234");
        assertThat(DashboardModule.count(1234567)).isEqualTo("1,234,567");
    }
}
