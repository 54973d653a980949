package dev.herald.engine.delivery;

import dev.herald.engine.consent.Rows;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The sunset policy at send time (ADR 0070): a marketing email to a customer who has not opened, clicked or bought
 * for the policy's period, while at least its number of marketing emails reached them in that period, is
 * suppressed with the reason, never sent. Transactional campaigns, and marketing campaigns that ask to reach the
 * unengaged ({@code audience.includeUnengaged}, a re-engagement email), are not held back.
 *
 * <p>A gate rather than a decision-time condition: it reads the customer's latest engagement only for an email
 * about to go, and it also stops emails queued before the customer fell silent. An order counts as engagement: a
 * customer who buys reads the shop's email even when their mail app hides opens.
 */
public final class SunsetGate implements SendGate {

    private final Supplier<SunsetPolicy> policy;
    private final Predicate<String> transactional;
    private final Predicate<String> includesUnengaged;

    /**
     * @param policy            the policy in use (followed on every check, so a published change applies at once)
     * @param transactional     whether a campaign is transactional in the live definitions
     * @param includesUnengaged whether a marketing campaign reaches customers the policy holds back
     */
    public SunsetGate(Supplier<SunsetPolicy> policy, Predicate<String> transactional,
            Predicate<String> includesUnengaged) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.transactional = Objects.requireNonNull(transactional, "transactional");
        this.includesUnengaged = Objects.requireNonNull(includesUnengaged, "includesUnengaged");
    }

    @Override
    public Verdict check(EntityManager em, OutboxMessage message, Instant now) {
        SunsetPolicy p = policy.get();
        if (!p.enabled() || transactional.test(message.campaign()) || includesUnengaged.test(message.campaign())) {
            return SendGate.send();
        }
        Instant since = now.minus(p.after());
        Optional<Instant> engaged = lastEngagedAt(em, message.customerId());
        if (engaged.isPresent() && !engaged.get().isBefore(since)) {
            return SendGate.send();
        }
        long emails = marketingEmailsSince(em, message.customerId(), since);
        if (emails < p.minEmails()) {
            return SendGate.send();
        }
        return new Suppress("sunset: no opens, clicks or orders in " + Durations.format(p.after()) + " over "
                + emails + " marketing emails");
    }

    private long marketingEmailsSince(EntityManager em, String customerId, Instant since) {
        List<?> campaigns = em.createNativeQuery("select campaign from outbox_message where customer_id = ?1"
                        + " and status = 'SENT' and sent_at >= ?2")
                .setParameter(1, customerId).setParameter(2, since.atOffset(ZoneOffset.UTC))
                .getResultList();
        return campaigns.stream().map(String.class::cast).filter(transactional.negate()).count();
    }

    /** The customer's latest open or click of Herald's email, or order: what tells Herald they are still there. */
    public static Optional<Instant> lastEngagedAt(EntityManager em, String customerId) {
        Object[] row = (Object[]) em.createNativeQuery("select (select max(occurred_at) from engagement_event"
                        + " where customer_id = ?1 and kind in ('OPEN', 'CLICK')),"
                        + " (select max(ordered_at) from customer_order where customer_id = ?1)")
                .setParameter(1, customerId).getSingleResult();
        Instant engaged = Rows.instant(row[0]);
        Instant ordered = Rows.instant(row[1]);
        if (engaged == null || ordered != null && ordered.isAfter(engaged)) {
            return Optional.ofNullable(ordered);
        }
        return Optional.of(engaged);
    }
}
