package dev.herald.routes.console;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The console's settings shared by the standalone runtime and the EAR, with their parsing and clear errors. */
public final class ConsoleSettings {

    /** How long a session lasts without a request; {@code 30m}, {@code 8h}, {@code 1d}. */
    public static final String SESSION_IDLE = "herald.console.session-idle";
    public static final String SESSION_IDLE_DEFAULT = "8h";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    private ConsoleSettings() {
    }

    /** The idle timeout from its setting ({@code 90s}, {@code 30m}, {@code 8h}, {@code 1d}); at least one minute. */
    public static Duration sessionIdle(String value) {
        String text = value == null || value.isBlank() ? SESSION_IDLE_DEFAULT : value.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("setting " + SESSION_IDLE + " must be a duration such as 30m, 8h or 1d,"
                    + " got '" + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("setting " + SESSION_IDLE + " must be at least 1m, got '" + value + "'");
        }
        return d;
    }
}
