package dev.herald.routes.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} failed sign-ins for one user name, or from one client
 * address, within {@code window}, further attempts for that name or from that address are refused without checking
 * the password until the oldest of those failures is older than the window. Names are counted whether or not they
 * exist, so the refusal tells nothing about which names do. Kept in this process's memory (per node in a cluster).
 */
public final class LoginThrottle {

    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    /** Above this many tracked names and addresses, those without recent failures are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;

    public LoginThrottle() {
        this(Clock.systemUTC(), DEFAULT_MAX_FAILURES, DEFAULT_WINDOW);
    }

    public LoginThrottle(Clock clock, int maxFailures, Duration window) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** How long until this name may try again from this address; empty when it may try now. */
    public Optional<Duration> blockedFor(String name, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : new String[]{nameKey(name), addressKey(address)}) {
            Deque<Instant> times = failures.get(key);
            if (times == null) {
                continue;
            }
            synchronized (times) {
                expire(times, now);
                if (times.size() >= maxFailures) {
                    // free again when enough of the failures have left the window
                    Instant freeAt = times.stream().skip(times.size() - maxFailures).findFirst().orElseThrow()
                            .plus(window);
                    Duration d = Duration.between(now, freeAt);
                    if (d.compareTo(wait) > 0) {
                        wait = d;
                    }
                }
            }
        }
        return wait.isZero() || wait.isNegative() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String name, String address) {
        Instant now = clock.instant();
        if (failures.size() > PRUNE_ABOVE) {
            prune(now);
        }
        for (String key : new String[]{nameKey(name), addressKey(address)}) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                expire(times, now);
                times.addLast(now);
                while (times.size() > maxFailures) {
                    times.removeFirst();
                }
            }
        }
    }

    /** A successful sign-in clears the name's failures (not the address's: one known password must not unlock guessing). */
    public void succeeded(String name) {
        failures.remove(nameKey(name));
    }

    private void expire(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }

    private void prune(Instant now) {
        failures.forEach((key, times) -> {
            synchronized (times) {
                expire(times, now);
                if (times.isEmpty()) {
                    failures.remove(key, times);
                }
            }
        });
    }

    private static String nameKey(String name) {
        return "name:" + (name == null ? "" : name.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
