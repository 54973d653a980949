package dev.herald.routes.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in this process's memory, ended by logout or after {@code idleTimeout} without a request. A restart signs
 * everyone out, which is acceptable for a console; ids are 256 random bits.
 */
public final class InMemoryConsoleSessions implements ConsoleSessions {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(ConsoleSession session, Instant lastSeen) {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;

    public InMemoryConsoleSessions() {
        this(Clock.systemUTC(), DEFAULT_IDLE_TIMEOUT);
    }

    public InMemoryConsoleSessions(Clock clock, Duration idleTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public ConsoleSession open(ConsoleUser user) {
        ConsoleSession session = new ConsoleSession(randomToken(), user, randomToken());
        sessions.put(session.id(), new Entry(session, clock.instant()));
        return session;
    }

    @Override
    public Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Entry entry = sessions.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (entry.lastSeen().plus(idleTimeout).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        sessions.put(id, new Entry(entry.session(), now));
        return Optional.of(entry.session());
    }

    @Override
    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    @Override
    public void closeAllOf(String userName, String keepId) {
        sessions.values().removeIf(e -> e.session().user().name().equals(userName) && !e.session().id().equals(keepId));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
