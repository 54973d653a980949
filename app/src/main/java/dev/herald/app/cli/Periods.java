package dev.herald.app.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The {@code --since} and {@code --until} options of the report commands: a period back (30d, 2w) or a date (UTC). */
final class Periods {

    private Periods() {
    }

    /** {@code --since}: a period back from {@code end} (30d, 2w, 12h) or a date such as 2026-11-01. */
    static Instant since(String text, Instant end) {
        if (text.strip().matches("\\d.*[smhdw]")) {
            try {
                return end.minus(dev.herald.engine.delivery.Durations.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--since must be a period such as 30d or 2w, or a date such as"
                        + " 2026-11-01; got '" + text + "'");
            }
        }
        return date("--since", text);
    }

    /** A date option, the start of that day in UTC. */
    static Instant date(String option, String text) {
        try {
            return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a date such as 2026-11-01 (or, for --since, a"
                    + " period such as 30d); got '" + text + "'");
        }
    }
}
