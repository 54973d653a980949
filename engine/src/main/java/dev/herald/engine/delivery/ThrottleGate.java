package dev.herald.engine.delivery;

import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sending speed limits: overall emails per second, and per recipient domain (a default and per-domain
 * overrides, e.g. a mailbox provider that accepts only 5/s). Token buckets holding one second's worth; a
 * message that finds no token is deferred by the wait for its token, with later deferrals spread one token
 * interval apart so they do not all come back at once. Buckets live in this process: with several Herald nodes
 * each sends at most the configured rate. Ask this gate last, so that a message deferred by another gate does
 * not use up a token. See ADR 0022.
 *
 * @see Rates
 */
public final class ThrottleGate implements SendGate {

    /**
     * @param overallPerSecond   emails per second in all (0 = unlimited)
     * @param perDomainPerSecond emails per second to any one recipient domain (0 = unlimited)
     * @param domains            per-domain rates replacing {@code perDomainPerSecond} (lower-case domain → rate)
     */
    public record Rates(double overallPerSecond, double perDomainPerSecond, Map<String, Double> domains) {
        public Rates {
            domains = Map.copyOf(domains);
            if (overallPerSecond < 0 || perDomainPerSecond < 0 || domains.values().stream().anyMatch(r -> r <= 0)) {
                throw new IllegalArgumentException("throttle rates must be positive (0 = unlimited for the overall"
                        + " and default domain rate)");
            }
        }

        /** "gmail.com=20,yahoo.com=5" → a map; empty text → empty map. */
        public static Map<String, Double> parseDomains(String text) {
            Map<String, Double> map = new java.util.TreeMap<>();
            if (text == null || text.isBlank()) {
                return map;
            }
            for (String pair : text.split(",")) {
                String[] kv = pair.split("=");
                if (kv.length != 2 || kv[0].isBlank()) {
                    throw new IllegalArgumentException("domain rates are written DOMAIN=PER_SECOND,... e.g."
                            + " gmail.com=20,yahoo.com=5; got '" + pair.strip() + "'");
                }
                try {
                    map.put(kv[0].strip().toLowerCase(Locale.ROOT), Double.parseDouble(kv[1].strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("domain rate of " + kv[0].strip() + " is not a number: '"
                            + kv[1].strip() + "'");
                }
            }
            return map;
        }

        public boolean unlimited() {
            return overallPerSecond == 0 && perDomainPerSecond == 0 && domains.isEmpty();
        }
    }

    private final Rates rates;
    private final TokenBucket overall;
    private final Map<String, TokenBucket> byDomain = new ConcurrentHashMap<>();

    public ThrottleGate(Rates rates) {
        this.rates = rates;
        this.overall = rates.overallPerSecond() > 0 ? new TokenBucket(rates.overallPerSecond()) : null;
    }

    @Override
    public Verdict check(EntityManager em, OutboxMessage message, Instant now) {
        String domain = domainOf(message.recipient());
        TokenBucket domainBucket = bucketFor(domain);
        synchronized (this) {
            Optional<Instant> domainReady = domainBucket == null ? Optional.empty() : domainBucket.readyAt(now);
            Optional<Instant> overallReady = overall == null ? Optional.empty() : overall.readyAt(now);
            if (domainReady.isEmpty() && overallReady.isEmpty()) {
                if (domainBucket != null) {
                    domainBucket.take(now);
                }
                if (overall != null) {
                    overall.take(now);
                }
                return SendGate.send();
            }
            Instant until = now;
            String reason;
            if (domainReady.isPresent()) {
                until = domainBucket.scheduleDeferral(domainReady.get());
                reason = "throttle: " + domainBucket.rate + "/s to " + domain;
            } else {
                reason = "throttle: " + overall.rate + "/s overall";
            }
            if (overallReady.isPresent()) {
                Instant overallUntil = overall.scheduleDeferral(overallReady.get());
                until = overallUntil.isAfter(until) ? overallUntil : until;
            }
            return new Defer(until, reason);
        }
    }

    private TokenBucket bucketFor(String domain) {
        Double rate = rates.domains().get(domain);
        if (rate == null) {
            rate = rates.perDomainPerSecond() > 0 ? rates.perDomainPerSecond() : null;
        }
        if (rate == null) {
            return null;
        }
        double r = rate;
        return byDomain.computeIfAbsent(domain, d -> new TokenBucket(r));
    }

    static String domainOf(String recipient) {
        int at = recipient == null ? -1 : recipient.lastIndexOf('@');
        return at < 0 ? "" : recipient.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    }

    /** Tokens refill at {@code rate} per second up to one second's worth (at least one token). */
    static final class TokenBucket {
        final double rate;
        private final double capacity;
        private double tokens;
        private Instant refilledAt;
        private Instant deferralHorizon;

        TokenBucket(double rate) {
            this.rate = rate;
            this.capacity = Math.max(1, rate);
            this.tokens = capacity;
        }

        private void refill(Instant now) {
            if (refilledAt != null && now.isAfter(refilledAt)) {
                double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
                tokens = Math.min(capacity, tokens + seconds * rate);
            }
            if (refilledAt == null || now.isAfter(refilledAt)) {
                refilledAt = now;
            }
        }

        /** Empty when a token is available now, else when the next one will be. */
        Optional<Instant> readyAt(Instant now) {
            refill(now);
            if (tokens >= 1) {
                return Optional.empty();
            }
            long waitNanos = (long) Math.ceil((1 - tokens) / rate * 1e9);
            return Optional.of(now.plusNanos(waitNanos));
        }

        void take(Instant now) {
            refill(now);
            tokens -= 1;
        }

        /** The time to give a deferred message: its token's time, after the deferrals given out before it. */
        Instant scheduleDeferral(Instant ready) {
            Instant at = deferralHorizon != null && deferralHorizon.isAfter(ready) ? deferralHorizon : ready;
            deferralHorizon = at.plusNanos((long) Math.ceil(1e9 / rate));
            return at;
        }
    }
}
