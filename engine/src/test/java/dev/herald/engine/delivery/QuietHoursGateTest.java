package dev.herald.engine.delivery;

import dev.herald.engine.delivery.QuietHoursGate.Window;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quiet hours in the customer's zone: deferred to the local end of the window, across midnight and DST changes. */
class QuietHoursGateTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final QuietHoursGate NIGHT = new QuietHoursGate(Window.parse("21:00-08:00"), LONDON);

    @Test
    void outsideTheWindowSendsNow() {
        assertThat(NIGHT.check(Instant.parse("2026-11-23T12:00:00Z"), LONDON)).isInstanceOf(SendGate.Send.class);
        assertThat(NIGHT.check(Instant.parse("2026-11-23T08:00:00Z"), LONDON)).as("the end is not quiet")
                .isInstanceOf(SendGate.Send.class);
        assertThat(NIGHT.check(Instant.parse("2026-11-23T20:59:59Z"), LONDON)).isInstanceOf(SendGate.Send.class);
    }

    @Test
    void lateEveningIsDeferredToEightTheNextMorning() {
        assertThat(NIGHT.check(Instant.parse("2026-11-23T21:00:00Z"), LONDON))
                .isEqualTo(new SendGate.Defer(Instant.parse("2026-11-24T08:00:00Z"), "quiet hours 21:00–08:00 in Europe/London"));
    }

    @Test
    void earlyMorningIsDeferredToEightTheSameMorning() {
        assertThat(((SendGate.Defer) NIGHT.check(Instant.parse("2026-11-24T03:10:00Z"), LONDON)).until())
                .isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
    }

    @Test
    void theWindowIsTheCustomersLocalTime() {
        // 02:00 UTC is 21:00 in New York (EST): quiet there, until 08:00 EST = 13:00 UTC
        Instant at = Instant.parse("2026-11-24T02:00:00Z");
        assertThat(NIGHT.check(at, LONDON)).as("02:00 in London is quiet too").isInstanceOf(SendGate.Defer.class);
        assertThat(((SendGate.Defer) NIGHT.check(at, NEW_YORK)).until()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        // 15:00 UTC is 10:00 in New York: fine there, while 23:00 in Tokyo is quiet
        assertThat(NIGHT.check(Instant.parse("2026-11-24T15:00:00Z"), NEW_YORK)).isInstanceOf(SendGate.Send.class);
        assertThat(((SendGate.Defer) NIGHT.check(Instant.parse("2026-11-24T14:00:00Z"), ZoneId.of("Asia/Tokyo")))
                .until()).isEqualTo(Instant.parse("2026-11-24T23:00:00Z"));
    }

    @Test
    void springForwardNightEndsAtEightSummerTime() {
        // London moves from GMT to BST at 01:00 UTC on 29 March 2026: the night is an hour shorter
        Instant lateOnSaturday = Instant.parse("2026-03-28T23:00:00Z");
        assertThat(((SendGate.Defer) NIGHT.check(lateOnSaturday, LONDON)).until())
                .isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
    }

    @Test
    void fallBackNightEndsAtEightWinterTime() {
        // BST ends at 01:00 UTC on 25 October 2026: 23:00 BST on the 24th, the night is an hour longer
        Instant lateOnSaturday = Instant.parse("2026-10-24T22:00:00Z");
        assertThat(((SendGate.Defer) NIGHT.check(lateOnSaturday, LONDON)).until())
                .isEqualTo(Instant.parse("2026-10-25T08:00:00Z"));
    }

    @Test
    void aWindowEndingInTheSpringForwardGapEndsJustAfterTheGap() {
        // New York skips 02:00–03:00 on 8 March 2026; a window ending 02:30 ends at 03:30 EDT (07:30 UTC)
        QuietHoursGate gate = new QuietHoursGate(Window.parse("22:00-02:30"), NEW_YORK);
        Instant lateOnSaturday = Instant.parse("2026-03-08T04:00:00Z"); // 23:00 EST on the 7th
        assertThat(((SendGate.Defer) gate.check(lateOnSaturday, NEW_YORK)).until())
                .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void aDaytimeWindowDoesNotSpanMidnight() {
        QuietHoursGate lunch = new QuietHoursGate(Window.parse("12:00-13:30"), LONDON);
        assertThat(((SendGate.Defer) lunch.check(Instant.parse("2026-11-23T12:15:00Z"), LONDON)).until())
                .isEqualTo(Instant.parse("2026-11-23T13:30:00Z"));
        assertThat(lunch.check(Instant.parse("2026-11-23T23:00:00Z"), LONDON)).isInstanceOf(SendGate.Send.class);
    }

    @Test
    void nextLocalTimeTakesTheEarlierOfARepeatedHour() {
        // 01:30 happens twice in London on 25 October 2026 (BST, then GMT): the first is 00:30 UTC
        assertThat(LocalTimes.next(Instant.parse("2026-10-24T23:00:00Z"), LocalTime.of(1, 30), LONDON))
                .isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void badWindowsAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> Window.parse("21:00")).hasMessageContaining("FROM-TO, e.g. 21:00-08:00");
        assertThatThrownBy(() -> Window.parse("25:00-08:00")).hasMessageContaining("FROM-TO");
        assertThatThrownBy(() -> Window.parse("08:00-08:00")).hasMessageContaining("equal");
    }
}
