package dev.herald.routes;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code herald.retention.period} setting: how long to keep behavioural data, at least 90 days, or for ever. */
class RetentionRoutesTest {

    @Test
    void aPeriodOfAtLeastNinetyDaysKeepsThatLongAndNothingKeepsForEver() {
        assertThat(RetentionRoutes.period("730d")).hasValue(Duration.ofDays(730));
        assertThat(RetentionRoutes.period("13w")).hasValue(Duration.ofDays(91));
        assertThat(RetentionRoutes.period("")).isEmpty();
        assertThat(RetentionRoutes.period("off")).isEmpty();
        assertThat(RetentionRoutes.period(null)).isEmpty();
    }

    @Test
    void aShorterPeriodOrOneThatCannotBeReadIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> RetentionRoutes.period("30d")).hasMessage("setting herald.retention.period must be"
                + " at least 90d (reports, caps, sunset and scores read that far back); got '30d'");
        assertThatThrownBy(() -> RetentionRoutes.period("two years")).hasMessageContaining("herald.retention.period");
    }
}
