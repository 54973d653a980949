package dev.herald.engine.delivery;

import dev.herald.engine.delivery.ThrottleGate.Rates;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token buckets overall and per recipient domain: a message without a token is deferred by its wait. */
class ThrottleGateTest {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void overallRateLetsABurstOfOneSecondThroughAndSpreadsTheRest() {
        ThrottleGate gate = new ThrottleGate(new Rates(2, 0, Map.of()));
        List<SendGate.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            verdicts.add(gate.check(null, message("c" + i + "@example.com"), T0));
        }
        assertThat(verdicts.subList(0, 2)).allMatch(v -> v instanceof SendGate.Send);
        assertThat(verdicts.subList(2, 5)).extracting(v -> ((SendGate.Defer) v).until())
                .containsExactly(T0.plusMillis(500), T0.plusMillis(1000), T0.plusMillis(1500));
        assertThat(((SendGate.Defer) verdicts.get(2)).reason()).isEqualTo("throttle: 2.0/s overall");
    }

    @Test
    void tokensRefillWithTime() {
        ThrottleGate gate = new ThrottleGate(new Rates(1, 0, Map.of()));
        assertThat(gate.check(null, message("a@example.com"), T0)).isInstanceOf(SendGate.Send.class);
        assertThat(gate.check(null, message("b@example.com"), T0.plusMillis(400))).isInstanceOf(SendGate.Defer.class);
        assertThat(gate.check(null, message("b@example.com"), T0.plusMillis(1000))).isInstanceOf(SendGate.Send.class);
    }

    @Test
    void eachDomainHasItsOwnBucketAndOverridesWin() {
        ThrottleGate gate = new ThrottleGate(new Rates(0, 2, Rates.parseDomains("Gmail.com=1")));
        assertThat(gate.check(null, message("a@gmail.com"), T0)).isInstanceOf(SendGate.Send.class);
        SendGate.Verdict second = gate.check(null, message("b@GMAIL.com"), T0);
        assertThat(second).isEqualTo(new SendGate.Defer(T0.plus(Duration.ofSeconds(1)), "throttle: 1.0/s to gmail.com"));
        assertThat(gate.check(null, message("a@example.com"), T0)).isInstanceOf(SendGate.Send.class);
        assertThat(gate.check(null, message("b@example.com"), T0)).isInstanceOf(SendGate.Send.class);
        assertThat(gate.check(null, message("c@example.com"), T0)).as("default 2/s per domain")
                .isInstanceOf(SendGate.Defer.class);
        assertThat(gate.check(null, message("a@other.org"), T0)).isInstanceOf(SendGate.Send.class);
    }

    @Test
    void aMessageHeldByItsDomainDoesNotUseAnOverallToken() {
        ThrottleGate gate = new ThrottleGate(new Rates(2, 0, Map.of("slow.example", 1.0)));
        assertThat(gate.check(null, message("a@slow.example"), T0)).isInstanceOf(SendGate.Send.class);
        assertThat(gate.check(null, message("b@slow.example"), T0)).isInstanceOf(SendGate.Defer.class);
        assertThat(gate.check(null, message("c@fast.example"), T0)).as("the overall bucket still has one")
                .isInstanceOf(SendGate.Send.class);
    }

    @Test
    void unlimitedWhenNoRateIsSet() {
        ThrottleGate gate = new ThrottleGate(new Rates(0, 0, Map.of()));
        for (int i = 0; i < 1000; i++) {
            assertThat(gate.check(null, message("a@example.com"), T0)).isInstanceOf(SendGate.Send.class);
        }
    }

    @Test
    void badDomainRatesAreRefused() {
        assertThatThrownBy(() -> Rates.parseDomains("gmail.com")).hasMessageContaining("DOMAIN=PER_SECOND");
        assertThatThrownBy(() -> Rates.parseDomains("gmail.com=fast")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> new Rates(-1, 0, Map.of())).hasMessageContaining("positive");
    }

    static OutboxMessage message(String recipient) {
        return new OutboxMessage("welcome", recipient, "1", "A", "evt", "welcome", recipient, "{}", T0);
    }
}
