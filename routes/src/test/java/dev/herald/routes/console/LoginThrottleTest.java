package dev.herald.routes.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    final TestClock clock = new TestClock(Instant.parse("2026-11-23T07:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofMinutes(15));

    @Test
    void fiveFailuresForANameBlockItFromAnyAddressUntilTheFirstLeavesTheWindow() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("Ann", "10.0.0." + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(throttle.blockedFor("ann", "10.0.0.9")).isEmpty();
        throttle.failed("ann ", "10.0.0.4");

        assertThat(throttle.blockedFor("ANN", "10.0.0.9")).hasValue(Duration.ofMinutes(11));
        clock.advance(Duration.ofMinutes(11));
        assertThat(throttle.blockedFor("ann", "10.0.0.9")).isEmpty();
    }

    @Test
    void fiveFailuresFromAnAddressBlockEveryNameFromThere() {
        for (String name : new String[]{"a", "b", "c", "d", "e"}) {
            throttle.failed(name, "192.0.2.7");
        }

        assertThat(throttle.blockedFor("someone-else", "192.0.2.7")).hasValue(Duration.ofMinutes(15));
        assertThat(throttle.blockedFor("someone-else", "192.0.2.8")).isEmpty();
    }

    @Test
    void successClearsTheNamesFailuresButNotTheAddresss() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ann", "192.0.2.7");
        }
        throttle.succeeded("ann");
        throttle.failed("ann", "192.0.2.8");

        assertThat(throttle.blockedFor("ann", "192.0.2.8")).isEmpty();
        throttle.failed("bob", "192.0.2.7");
        assertThat(throttle.blockedFor("carl", "192.0.2.7")).isPresent();
    }
}
