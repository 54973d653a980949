package dev.herald.routes;

import java.time.Duration;
import java.util.Optional;

/**
 * Duration settings that may be off: the periods of Herald's scheduled refreshes (lifetime predictions, engagement
 * scores) and how long data is kept (retention).
 */
final class RefreshPeriods {

    private RefreshPeriods() {
    }

    /**
     * A duration such as 1h, 24h or 7d; {@code off}, 0 or empty for none.
     *
     * @throws IllegalArgumentException naming {@code key}, for anything else
     */
    static Optional<Duration> parse(String key, String setting) {
        String value = setting == null ? "" : setting.strip();
        if (value.isEmpty() || value.equals("0") || value.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        try {
            Duration period = dev.herald.engine.delivery.Durations.parse(value);
            return period.isZero() ? Optional.empty() : Optional.of(period);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + key + " must be a duration such as 1h, 24h or 7d, or off;"
                    + " got '" + value + "'");
        }
    }
}
