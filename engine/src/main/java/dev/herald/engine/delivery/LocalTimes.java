package dev.herald.engine.delivery;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Wall-clock times in a customer's time zone, with daylight-saving changes handled the way people expect. */
public final class LocalTimes {

    private LocalTimes() {
    }

    /**
     * The first instant after {@code now} at which clocks in {@code zone} show {@code time}. On a day when that
     * time does not exist (spring forward) it is the instant just after the gap (02:30 → 03:30); when it exists
     * twice (fall back) the earlier of the two.
     */
    public static Instant next(Instant now, LocalTime time, ZoneId zone) {
        LocalDate day = now.atZone(zone).toLocalDate();
        for (int i = 0; i < 3; i++) {
            Instant candidate = ZonedDateTime.of(day.plusDays(i), time, zone).toInstant();
            if (candidate.isAfter(now)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + time + " in " + zone + " within two days of " + now);
    }

    /** The zone named by {@code zoneId}, or {@code fallback} when it is empty or not a zone id. */
    public static ZoneId zoneOr(String zoneId, ZoneId fallback) {
        if (zoneId == null || zoneId.isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(zoneId.strip());
        } catch (DateTimeException e) {
            return fallback;
        }
    }
}
