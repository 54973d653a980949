package dev.herald.engine.delivery;

import dev.herald.engine.customer.Customer;
import jakarta.persistence.EntityManager;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Quiet hours in the customer's own time zone (their {@code time_zone}, else the configured default): a message
 * due inside the window is deferred to the window's end, local time, never dropped. A window may span midnight
 * (21:00–08:00). Daylight-saving changes are handled by computing the end as wall-clock time in the zone.
 * See ADR 0022.
 */
public final class QuietHoursGate implements SendGate {

    /** A daily window [from, to); spans midnight when {@code from} is after {@code to}. */
    public record Window(LocalTime from, LocalTime to) {
        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.equals(to)) {
                throw new IllegalArgumentException("quiet hours from and to are equal (" + from + ")");
            }
        }

        public boolean contains(LocalTime time) {
            return from.isBefore(to)
                    ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to);
        }

        /** "21:00-08:00". */
        public static Window parse(String text) {
            String[] parts = text.strip().split("\\s*[-–]\\s*");
            if (parts.length != 2) {
                throw new IllegalArgumentException("quiet hours are written FROM-TO, e.g. 21:00-08:00; got '"
                        + text + "'");
            }
            try {
                return new Window(time(parts[0]), time(parts[1]));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("quiet hours are written FROM-TO, e.g. 21:00-08:00; got '"
                        + text + "'");
            }
        }

        private static LocalTime time(String s) {
            return LocalTime.parse(s.length() == 4 ? "0" + s : s);
        }

        @Override
        public String toString() {
            return from + "–" + to;
        }
    }

    private final Window window;
    private final ZoneId defaultZone;

    public QuietHoursGate(Window window, ZoneId defaultZone) {
        this.window = Objects.requireNonNull(window, "window");
        this.defaultZone = Objects.requireNonNull(defaultZone, "defaultZone");
    }

    @Override
    public Verdict check(EntityManager em, OutboxMessage message, Instant now) {
        Customer customer = em.find(Customer.class, message.customerId());
        ZoneId zone = LocalTimes.zoneOr(customer == null ? null : customer.timeZone(), defaultZone);
        return check(now, zone);
    }

    /** The verdict for a customer in {@code zone} at {@code now}. */
    public Verdict check(Instant now, ZoneId zone) {
        if (!window.contains(now.atZone(zone).toLocalTime())) {
            return SendGate.send();
        }
        return new Defer(LocalTimes.next(now, window.to(), zone), "quiet hours " + window + " in " + zone);
    }
}
