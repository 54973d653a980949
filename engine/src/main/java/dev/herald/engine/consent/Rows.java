package dev.herald.engine.consent;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/** Small helpers for values read with native SQL, whose Java types differ between H2 and PostgreSQL. */
public final class Rows {

    private Rows() {
    }

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass());
    }

    public static String text(Object value) {
        return value == null ? null : value.toString().strip();
    }

    /**
     * SQL for the UTC day of a timestamp column as an epoch day number, the same in every session time zone on H2 and
     * PostgreSQL (a {@code cast(... as date)} would take the session's zone); read it back with {@link #localDate}.
     */
    public static String epochDay(String column) {
        return "floor(extract(epoch from " + column + ") / 86400)";
    }

    /**
     * A day column as a date, whichever type the driver hands over: a UTC epoch day (the number {@code
     * floor(extract(epoch from ts) / 86400)} gives, the same in every session time zone), a Date, a LocalDate or text.
     */
    public static java.time.LocalDate localDate(Object value) {
        if (value instanceof Number epochDay) {
            return java.time.LocalDate.ofEpochDay(epochDay.longValue());
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.time.LocalDate date) {
            return date;
        }
        return java.time.LocalDate.parse(value.toString().substring(0, 10));
    }

    /** A text column's whole value, whether the driver hands over a String or a Clob (H2's TEXT); "" for null. */
    public static String longText(Object value) {
        if (value instanceof java.sql.Clob clob) {
            try (java.io.Reader r = clob.getCharacterStream()) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[4096];
                for (int n; (n = r.read(buf)) > 0; ) {
                    sb.append(buf, 0, n);
                }
                return sb.toString();
            } catch (Exception e) {
                throw new IllegalStateException("cannot read a text column: " + e.getMessage(), e);
            }
        }
        return value == null ? "" : value.toString();
    }
}
