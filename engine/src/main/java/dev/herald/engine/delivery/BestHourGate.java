package dev.herald.engine.delivery;

import dev.herald.engine.customer.Customer;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Send-time optimisation (ADR 0065): an email of a campaign with {@code timing.bestHour} waits for the hour of the
 * day in which its customer has most often opened or clicked Herald's emails, in their own time zone. Nothing waits
 * longer than {@link #MAX_WAIT} after it was queued, and a customer with fewer than {@link #MIN_SIGNALS} opens and
 * clicks gets the email at once: with so little known, waiting would only make it late.
 *
 * <p>Why the hour of opens and clicks: it is when the customer reads email, and the one signal Herald has for
 * every customer it has mailed. The newest {@link #HISTORY} signals count, so a changed habit shows within weeks.
 */
public final class BestHourGate implements SendGate {

    /** The longest an email waits for its customer's best hour after it was queued. */
    public static final Duration MAX_WAIT = Duration.ofHours(24);
    /** The opens and clicks a customer needs before their best hour is trusted. */
    public static final int MIN_SIGNALS = 3;
    /** How many of the newest opens and clicks are read. */
    public static final int HISTORY = 200;

    private final Predicate<String> atBestHour;
    private final ZoneId defaultZone;

    /**
     * @param atBestHour  whether a campaign sends at its customers' best hours (the live definitions)
     * @param defaultZone the zone of customers without one on record
     */
    public BestHourGate(Predicate<String> atBestHour, ZoneId defaultZone) {
        this.atBestHour = Objects.requireNonNull(atBestHour, "atBestHour");
        this.defaultZone = Objects.requireNonNull(defaultZone, "defaultZone");
    }

    @Override
    public Verdict check(EntityManager em, OutboxMessage message, Instant now) {
        if (!atBestHour.test(message.campaign())) {
            return SendGate.send();
        }
        Instant latest = message.createdAt().plus(MAX_WAIT);
        if (!now.isBefore(latest)) {
            return SendGate.send();
        }
        Customer customer = em.find(Customer.class, message.customerId());
        ZoneId zone = LocalTimes.zoneOr(customer == null ? null : customer.timeZone(), defaultZone);
        return verdict(bestHour(engagedAt(em, message.customerId()), zone), zone, now, latest);
    }

    /**
     * Send now inside the best hour, with no best hour known, or when the next one comes after {@code latest};
     * else wait for the next one.
     */
    static Verdict verdict(OptionalInt bestHour, ZoneId zone, Instant now, Instant latest) {
        if (bestHour.isEmpty()) {
            return SendGate.send();
        }
        int hour = bestHour.getAsInt();
        if (now.atZone(zone).getHour() == hour) {
            return SendGate.send();
        }
        Instant next = LocalTimes.next(now, LocalTime.of(hour, 0), zone);
        if (next.isAfter(latest)) {
            return SendGate.send();
        }
        return new Defer(next, String.format("best hour %02d:00 %s", hour, zone.getId()));
    }

    /**
     * The hour of the day (0–23, in {@code zone}) with the most opens and clicks, the earliest of equal ones; empty
     * with fewer than {@link #MIN_SIGNALS}.
     */
    static OptionalInt bestHour(List<Instant> engagedAt, ZoneId zone) {
        if (engagedAt.size() < MIN_SIGNALS) {
            return OptionalInt.empty();
        }
        int[] perHour = new int[24];
        for (Instant at : engagedAt) {
            perHour[at.atZone(zone).getHour()]++;
        }
        int best = 0;
        for (int h = 1; h < 24; h++) {
            if (perHour[h] > perHour[best]) {
                best = h;
            }
        }
        return OptionalInt.of(best);
    }

    /** A customer's best hour, in {@code zone}, from how many opens and clicks. */
    public record ReadingHour(int hour, int signals, ZoneId zone) {
    }

    /** The customer's best hour as the gate would find it, or empty with too few signals (the console shows it). */
    public static java.util.Optional<ReadingHour> readingHour(EntityManager em, String customerId, ZoneId zone) {
        List<Instant> engaged = engagedAt(em, customerId);
        OptionalInt hour = bestHour(engaged, zone);
        return hour.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new ReadingHour(hour.getAsInt(), engaged.size(), zone));
    }

    /** The customer's newest opens and clicks of Herald's emails. */
    static List<Instant> engagedAt(EntityManager em, String customerId) {
        List<?> rows = em.createNativeQuery("select occurred_at from engagement_event where customer_id = ?1"
                        + " and kind in ('OPEN', 'CLICK') order by occurred_at desc")
                .setParameter(1, customerId).setMaxResults(HISTORY).getResultList();
        return rows.stream().map(dev.herald.engine.consent.Rows::instant).toList();
    }
}
