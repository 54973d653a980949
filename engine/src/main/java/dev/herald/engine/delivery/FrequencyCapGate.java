package dev.herald.engine.delivery;

import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Frequency caps at send time: at most {@code max} campaign emails to one customer per rolling {@code per},
 * over all campaigns (global) and per campaign. A message over a cap is deferred to the moment the window frees
 * up (the oldest counted send leaves it), never dropped. Counted are the emails sent in the window and those
 * leased right now by a dispatcher (about to be sent, including earlier messages of the same claim), so one
 * batch cannot overshoot a cap. See ADR 0022.
 */
public final class FrequencyCapGate implements SendGate {

    /** At most {@code max} emails per rolling {@code per}. */
    public record Cap(int max, Duration per) {
        public Cap {
            if (max < 1 || per.isZero() || per.isNegative()) {
                throw new IllegalArgumentException("a cap needs max >= 1 and a positive period: " + max + "/" + per);
            }
        }

        /** "3/7d" style, as in configuration: MAX/DURATION with s, m, h, d or w. */
        public static Cap parse(String text) {
            String[] parts = text.strip().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a cap is written MAX/PERIOD, e.g. 3/7d; got '" + text + "'");
            }
            try {
                return new Cap(Integer.parseInt(parts[0].strip()), Durations.parse(parts[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a cap is written MAX/PERIOD, e.g. 3/7d; got '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return max + " per " + Durations.format(per);
        }
    }

    /** Where the caps come from: the campaign definitions (and configuration); read at every check (hot reload). */
    public interface Limits {
        Optional<Cap> global();

        Optional<Cap> forCampaign(String campaign);
    }

    private final Limits limits;

    public FrequencyCapGate(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The in-flight count must include other dispatchers' leases, so claims are serialised (ADR 0026). */
    @Override
    public boolean countsOtherClaims() {
        return true;
    }

    @Override
    public Verdict check(EntityManager em, OutboxMessage message, Instant now) {
        Optional<Cap> global = limits.global();
        if (global.isPresent()) {
            Optional<Instant> until = freeAt(em, message, null, global.get(), now);
            if (until.isPresent()) {
                return new Defer(until.get(), "global frequency cap " + global.get() + " reached");
            }
        }
        Optional<Cap> own = limits.forCampaign(message.campaign());
        if (own.isPresent()) {
            Optional<Instant> until = freeAt(em, message, message.campaign(), own.get(), now);
            if (until.isPresent()) {
                return new Defer(until.get(), "frequency cap of campaign " + message.campaign() + " ("
                        + own.get() + ") reached");
            }
        }
        return SendGate.send();
    }

    /** When one more email fits the cap, or empty when it fits now. */
    private static Optional<Instant> freeAt(EntityManager em, OutboxMessage message, String campaign, Cap cap,
                                            Instant now) {
        Instant windowStart = now.minus(cap.per());
        String campaignFilter = campaign == null ? "" : " and m.campaign = :campaign";
        // one statement, so it reads one snapshot: with a sent query and a leased query, an email marked sent by
        // another dispatcher between the two was counted by neither, and the cap could be overshot
        var query = em.createQuery("select m.sentAt from OutboxMessage m where m.customerId = :customer"
                        + " and ((m.status = :sent and m.sentAt > :start)"
                        + " or (m.status = :pending and m.leaseUntil > :now and m.id <> :self))" + campaignFilter,
                        Instant.class)
                .setParameter("customer", message.customerId())
                .setParameter("sent", OutboxMessage.Status.SENT)
                .setParameter("start", windowStart)
                .setParameter("pending", OutboxMessage.Status.PENDING)
                .setParameter("now", now)
                .setParameter("self", message.id());
        if (campaign != null) {
            query.setParameter("campaign", campaign);
        }
        List<Instant> times = new ArrayList<>();
        for (Instant sentAt : query.getResultList()) {
            times.add(sentAt == null ? now : sentAt); // a leased email is about to be sent: it counts from now
        }
        if (times.size() < cap.max()) {
            return Optional.empty();
        }
        Collections.sort(times);
        // the window frees up when enough of the oldest sends have left it for one more to fit
        Instant leaves = times.get(times.size() - cap.max()).plus(cap.per());
        return Optional.of(leaves.isAfter(now) ? leaves : now.plusSeconds(1));
    }
}
