package dev.herald.routes;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code herald.lifetime.period} setting: a duration, or off. */
class LifetimeRoutesTest {

    @Test
    void aDurationSchedulesTheRefreshAndOffZeroOrNothingDoNot() {
        assertThat(LifetimeRoutes.period("24h")).hasValue(Duration.ofHours(24));
        assertThat(LifetimeRoutes.period(" 7d ")).hasValue(Duration.ofDays(7));
        assertThat(LifetimeRoutes.period("off")).isEmpty();
        assertThat(LifetimeRoutes.period("0")).isEmpty();
        assertThat(LifetimeRoutes.period("0h")).isEmpty();
        assertThat(LifetimeRoutes.period(null)).isEmpty();
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> LifetimeRoutes.period("daily"))
                .hasMessage("setting herald.lifetime.period must be a duration such as 1h, 24h or 7d, or off; got 'daily'");
    }
}
