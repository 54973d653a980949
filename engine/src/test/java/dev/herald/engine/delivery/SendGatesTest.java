package dev.herald.engine.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gates both runtimes build from the same settings: defaults, what each key switches on, clear errors. */
class SendGatesTest {

    static final FrequencyCapGate.Limits FOLDER = new FrequencyCapGate.Limits() {
        @Override
        public Optional<FrequencyCapGate.Cap> global() {
            return Optional.of(new FrequencyCapGate.Cap(3, Duration.ofDays(7)));
        }

        @Override
        public Optional<FrequencyCapGate.Cap> forCampaign(String campaign) {
            return Optional.empty();
        }
    };

    @Test
    void defaultsAreCapsOnlyInUtc() {
        SendGates gates = SendGates.fromSettings(key -> null, FOLDER);
        assertThat(gates.caps()).isInstanceOf(FrequencyCapGate.class);
        assertThat(gates.quietHours()).isNull();
        assertThat(gates.throttle()).isNull();
        assertThat(gates.defaultZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(gates.defaultLocale()).isEqualTo(java.util.Locale.UK);
        assertThat(SendGates.chain(gates.caps(), gates.quietHours(), gates.throttle())).containsExactly(gates.caps());
    }

    @Test
    void settingsSwitchOnQuietHoursAndTheThrottleInAskingOrder() {
        Map<String, String> settings = Map.of(SendGates.QUIET_HOURS, "21:00-08:00",
                SendGates.DEFAULT_TIME_ZONE, "Europe/Berlin", SendGates.THROTTLE_DOMAINS, "gmail.com=5",
                SendGates.DEFAULT_LOCALE, "de_DE");
        SendGates gates = SendGates.fromSettings(settings::get, FOLDER);
        assertThat(gates.defaultZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(gates.defaultLocale()).isEqualTo(java.util.Locale.GERMANY);
        assertThat(SendGates.defaultLocale(settings::get)).isEqualTo(java.util.Locale.GERMANY);
        assertThat(SendGates.chain(gates.caps(), gates.quietHours(), gates.throttle())).hasExactlyElementsOfTypes(
                FrequencyCapGate.class, QuietHoursGate.class, ThrottleGate.class);
    }

    @Test
    void badValuesNameTheirSetting() {
        assertThatThrownBy(() -> SendGates.fromSettings(Map.of(SendGates.QUIET_HOURS, "late")::get, FOLDER))
                .hasMessageStartingWith("setting herald.quiet-hours: quiet hours are written FROM-TO");
        assertThatThrownBy(() -> SendGates.fromSettings(Map.of(SendGates.GLOBAL_CAP, "3 a week")::get, FOLDER))
                .hasMessageStartingWith("setting herald.cap.global: a cap is written MAX/PERIOD");
        assertThatThrownBy(() -> SendGates.fromSettings(Map.of(SendGates.THROTTLE_PER_SECOND, "fast")::get, FOLDER))
                .hasMessage("setting herald.throttle.per-second must be emails per second, 0 or more; got 'fast'");
        assertThatThrownBy(() -> SendGates.fromSettings(Map.of(SendGates.DEFAULT_TIME_ZONE, "Mars/Base")::get, FOLDER))
                .hasMessageStartingWith("herald.default-time-zone is not a time zone");
        assertThatThrownBy(() -> SendGates.fromSettings(Map.of(SendGates.DEFAULT_LOCALE, "German!")::get, FOLDER))
                .hasMessage("setting herald.email.default-locale must be a language tag such as en-GB or de-DE;"
                        + " got 'German!'");
    }
}
