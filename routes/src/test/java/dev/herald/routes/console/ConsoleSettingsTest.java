package dev.herald.routes.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleSettingsTest {

    @Test
    void sessionIdleReadsMinutesHoursAndDaysWithEightHoursByDefault() {
        assertThat(ConsoleSettings.sessionIdle(null)).isEqualTo(Duration.ofHours(8));
        assertThat(ConsoleSettings.sessionIdle("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(ConsoleSettings.sessionIdle(" 2H ")).isEqualTo(Duration.ofHours(2));
        assertThat(ConsoleSettings.sessionIdle("1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aBadOrTooShortIdleTimeoutIsAClearError() {
        assertThatThrownBy(() -> ConsoleSettings.sessionIdle("eight hours"))
                .hasMessageContaining("herald.console.session-idle must be a duration such as 30m, 8h or 1d");
        assertThatThrownBy(() -> ConsoleSettings.sessionIdle("10s")).hasMessageContaining("at least 1m");
    }

    @Test
    void passwordsNeedTenCharactersAndMustNotBeTheName() {
        assertThat(PasswordPolicy.problem("ann", "short".toCharArray())).contains("at least 10 characters");
        assertThat(PasswordPolicy.problem("annabelle1", "Annabelle1".toCharArray())).contains("not be the user name");
        assertThat(PasswordPolicy.problem("ann", "correct horse".toCharArray())).isNull();
    }
}
