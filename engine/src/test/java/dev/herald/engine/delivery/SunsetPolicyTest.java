package dev.herald.engine.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a sunset policy may be, and how it is described (ADR 0070). */
class SunsetPolicyTest {

    @Test
    void aPolicyIsDescribedInWords() {
        assertThat(new SunsetPolicy(Duration.ofDays(180), 5).describe())
                .isEqualTo("no opens, clicks or orders in 180d over at least 5 marketing emails");
        assertThat(new SunsetPolicy(Duration.ofDays(90), 1).describe())
                .isEqualTo("no opens, clicks or orders in 90d over at least 1 marketing email");
        assertThat(SunsetPolicy.NONE.enabled()).isFalse();
        assertThat(SunsetPolicy.NONE.describe()).isEqualTo("none");
    }

    @Test
    void aSilenceShorterThanAWeekOrNoEmailsAtAllIsRefused() {
        assertThatThrownBy(() -> new SunsetPolicy(Duration.ofDays(6), 5)).hasMessageContaining("at least 7d");
        assertThatThrownBy(() -> new SunsetPolicy(Duration.ofDays(30), 0)).hasMessageContaining("minEmails");
    }
}
