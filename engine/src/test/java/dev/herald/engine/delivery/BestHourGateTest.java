package dev.herald.engine.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The best hour from a customer's opens and clicks, and when an email waits for it. */
class BestHourGateTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void the_best_hour_is_the_hour_with_most_opens_and_clicks_in_the_customers_zone() {
        List<Instant> engaged = List.of(at("2026-11-01T18:05:00Z"), at("2026-11-02T18:40:00Z"),
                at("2026-11-03T07:10:00Z"), at("2026-11-04T18:59:59Z"));

        assertThat(BestHourGate.bestHour(engaged, UTC)).hasValue(18);
        assertThat(BestHourGate.bestHour(engaged, BERLIN)).as("19:00 in Berlin in November").hasValue(19);
    }

    @Test
    void equal_hours_give_the_earliest_and_too_few_signals_give_none() {
        assertThat(BestHourGate.bestHour(List.of(at("2026-11-01T20:00:00Z"), at("2026-11-02T09:30:00Z"),
                at("2026-11-03T20:10:00Z"), at("2026-11-04T09:00:00Z")), UTC)).hasValue(9);
        assertThat(BestHourGate.bestHour(List.of(at("2026-11-01T20:00:00Z"), at("2026-11-02T20:30:00Z")), UTC))
                .as("two signals are not enough").isEmpty();
        assertThat(BestHourGate.bestHour(List.of(), UTC)).isEmpty();
    }

    @Test
    void an_email_inside_the_best_hour_or_without_one_goes_now() {
        Instant now = at("2026-11-24T18:30:00Z");
        Instant latest = now.plus(BestHourGate.MAX_WAIT);
        assertThat(BestHourGate.verdict(OptionalInt.of(18), UTC, now, latest)).isInstanceOf(SendGate.Send.class);
        assertThat(BestHourGate.verdict(OptionalInt.empty(), UTC, now, latest)).isInstanceOf(SendGate.Send.class);
    }

    @Test
    void an_email_waits_for_the_next_best_hour_today_or_tomorrow_in_the_customers_zone() {
        Instant morning = at("2026-11-24T08:15:00Z");
        assertThat(BestHourGate.verdict(OptionalInt.of(19), BERLIN, morning, morning.plus(BestHourGate.MAX_WAIT)))
                .isEqualTo(new SendGate.Defer(at("2026-11-24T18:00:00Z"), "best hour 19:00 Europe/Berlin"));
        Instant evening = at("2026-11-24T21:00:00Z");
        assertThat(BestHourGate.verdict(OptionalInt.of(7), UTC, evening, evening.plus(BestHourGate.MAX_WAIT)))
                .isEqualTo(new SendGate.Defer(at("2026-11-25T07:00:00Z"), "best hour 07:00 UTC"));
    }

    @Test
    void no_email_waits_past_a_day_after_it_was_queued() {
        Instant queued = at("2026-11-24T10:00:00Z");
        Instant latest = queued.plus(BestHourGate.MAX_WAIT);
        // deferred by quiet hours until 08:00 the next day, its best hour (23:00) is then past the day: send now
        Instant afterQuietHours = at("2026-11-25T08:00:00Z");
        assertThat(BestHourGate.verdict(OptionalInt.of(23), UTC, afterQuietHours, latest))
                .isInstanceOf(SendGate.Send.class);
    }
}
