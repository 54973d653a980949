package dev.herald.engine.consent;

import dev.herald.engine.delivery.DeliverabilityGuard;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns bounces into suppression. A hard bounce (status 5.x.x, or an SMTP 5xx at send time) suppresses the
 * address at once; soft bounces (4.x.x) are counted and suppress once {@code softLimit} of them arrive within
 * {@code softWindow}, since a mailbox that has been full for a week is as good as gone. Every bounce is kept
 * in {@code bounce_event}, keyed on the address hash, with the campaign whose email it answers; so are spam
 * complaints ({@link #recordComplaint}). With a {@link DeliverabilityGuard}, each report attributed to a campaign
 * may pause that campaign (ADR 0074).
 */
public final class BounceService {

    /** Hard: permanent failure; soft: temporary. */
    public enum Kind { HARD, SOFT }

    /** How far back an email may lie for a bounce or complaint about its address to be blamed on its campaign. */
    static final Duration ATTRIBUTION_WINDOW = Duration.ofDays(7);

    /** What a bounce led to. */
    public enum Result { SUPPRESSED, ALREADY_SUPPRESSED, COUNTED }

    private final Transactions transactions;
    private final Clock clock;
    private final int softLimit;
    private final Duration softWindow;
    private DeliverabilityGuard guard;

    public BounceService(Transactions transactions, Clock clock, int softLimit, Duration softWindow) {
        if (softLimit < 1) {
            throw new IllegalArgumentException("soft bounce limit must be at least 1");
        }
        this.transactions = transactions;
        this.clock = clock;
        this.softLimit = softLimit;
        this.softWindow = softWindow;
    }

    /** Lets every attributed bounce and complaint be weighed by the guard, which may pause its campaign. */
    public BounceService withGuard(DeliverabilityGuard guard) {
        this.guard = guard;
        return this;
    }

    /** Hard for a 5.x.x status (or 5xx reply code), soft for 4.x.x; {@code null} for anything else. */
    public static Kind kindOf(String status) {
        String s = status == null ? "" : status.strip();
        if (s.startsWith("5")) {
            return Kind.HARD;
        }
        if (s.startsWith("4")) {
            return Kind.SOFT;
        }
        return null;
    }

    /**
     * Records one bounce.
     *
     * @param status     the DSN status ({@code 5.1.1}) or SMTP reply code ({@code 550})
     * @param source     where it came from: {@code dsn-mailbox}, {@code webhook}, {@code smtp}
     * @throws IllegalArgumentException for an invalid address or a status that is neither 4.x.x nor 5.x.x
     */
    public Result record(String address, String status, String diagnostic, String source) {
        return record(address, status, diagnostic, source, null);
    }

    /**
     * As above, for a bounce that returned Herald's email {@code outboxId} (its {@code X-Herald-Outbox-Id}): it counts
     * against that email's campaign when the email went to this address, else as if no id were given.
     */
    public Result record(String address, String status, String diagnostic, String source, Long outboxId) {
        Result result = transactions.inTransaction(em -> {
            Instant now = clock.instant();
            String campaign = sentTo(em, outboxId, address).map(SentEmail::campaign).orElse(null);
            return record(em, address, status, diagnostic, source, now, campaign);
        });
        if (guard != null) {
            guard.afterCommit();
        }
        return result;
    }

    public Result record(EntityManager em, String address, String status, String diagnostic, String source,
                        Instant now) {
        return record(em, address, status, diagnostic, source, now, null);
    }

    /**
     * As above, for a bounce known to answer one email of {@code campaign} (a refusal at send time); {@code null}
     * blames the campaign of the latest email sent to the address within {@link #ATTRIBUTION_WINDOW}.
     */
    public Result record(EntityManager em, String address, String status, String diagnostic, String source,
                         Instant now, String campaign) {
        Kind kind = kindOf(status);
        if (kind == null) {
            throw new IllegalArgumentException("bounce status must be 4.x.x or 5.x.x, got '" + status + "'");
        }
        String hash = EmailAddresses.hash(address);
        String blamed = campaign != null ? campaign : latestCampaignTo(em, address, now);
        insert(em, address, kind.name(), status.strip(), source, diagnostic, now, blamed);
        Result result = suppress(em, address, hash, kind, status, diagnostic, source, now);
        if (kind == Kind.HARD && guard != null) {
            guard.afterReport(em, blamed, now);
        }
        return result;
    }

    /**
     * A spam complaint (a feedback-loop report): suppresses the address as complained, keeps the report against the
     * campaign of the latest email sent to it, and lets the guard weigh it. True when the address was newly suppressed.
     */
    public boolean recordComplaint(String address, String diagnostic, String source, String actor) {
        return recordComplaint(address, diagnostic, source, actor, null);
    }

    /**
     * As above, for a feedback-loop report that returned Herald's email {@code outboxId}: the complaint is about that
     * email, so it counts against its campaign and suppresses its recipient, which also covers providers that redact
     * the address ({@code address} null).
     *
     * @throws IllegalArgumentException when neither an address nor a known outbox id names the recipient
     */
    public boolean recordComplaint(String address, String diagnostic, String source, String actor, Long outboxId) {
        boolean added = transactions.inTransaction(em -> {
            Instant now = clock.instant();
            Optional<SentEmail> sent = sentTo(em, outboxId, null);
            String recipient = sent.map(SentEmail::recipient).orElse(address);
            if (recipient == null || recipient.isBlank()) {
                throw new IllegalArgumentException("a complaint needs the recipient's address or the id of Herald's"
                        + " email it is about");
            }
            String blamed = sent.isPresent() ? sent.get().campaign() : latestCampaignTo(em, recipient, now);
            insert(em, recipient, "COMPLAINT", null, source, diagnostic, now, blamed);
            boolean suppressed = SuppressionList.add(em, recipient, SuppressionReason.COMPLAINED, source, diagnostic,
                    actor, now);
            if (guard != null) {
                guard.afterReport(em, blamed, now);
            }
            return suppressed;
        });
        if (guard != null) {
            guard.afterCommit();
        }
        return added;
    }

    /** The campaign and recipient of one of Herald's emails. */
    record SentEmail(String campaign, String recipient) {
    }

    /**
     * Herald's email {@code outboxId}, when it exists and (given an address) went to it; empty for a null id, so
     * callers fall back to the latest email to the address.
     */
    static Optional<SentEmail> sentTo(EntityManager em, Long outboxId, String address) {
        if (outboxId == null) {
            return Optional.empty();
        }
        List<?> rows = em.createNativeQuery("select campaign, recipient from outbox_message where id = ?1")
                .setParameter(1, outboxId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        String recipient = (String) row[1];
        if (address != null && !sameAddress(address, recipient)) {
            return Optional.empty();
        }
        return Optional.of(new SentEmail((String) row[0], recipient));
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return EmailAddresses.normalise(a).equals(EmailAddresses.normalise(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The campaign of the latest email sent to the address within the attribution window, or null. */
    static String latestCampaignTo(EntityManager em, String address, Instant now) {
        List<?> campaigns = em.createNativeQuery("select campaign from outbox_message where recipient in (?1, ?2)"
                        + " and sent_at > ?3 and sent_at <= ?4 order by sent_at desc")
                .setParameter(1, address.strip()).setParameter(2, EmailAddresses.normalise(address))
                .setParameter(3, now.minus(ATTRIBUTION_WINDOW).atOffset(ZoneOffset.UTC))
                .setParameter(4, now.atOffset(ZoneOffset.UTC))
                .setMaxResults(1).getResultList();
        return campaigns.isEmpty() ? null : (String) campaigns.get(0);
    }

    private static void insert(EntityManager em, String address, String kind, String status, String source,
                               String diagnostic, Instant now, String campaign) {
        String normalised = EmailAddresses.normalise(address);
        String hash = EmailAddresses.hash(normalised);
        String domain = normalised.substring(normalised.lastIndexOf('@') + 1);
        em.createNativeQuery("insert into bounce_event (address_hash, kind, status_code, source, diagnostic,"
                        + " received_at, campaign, domain) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, hash).setParameter(2, kind).setParameter(3, status)
                .setParameter(4, source).setParameter(5, SuppressionList.truncate(diagnostic)).setParameter(6, now)
                .setParameter(7, campaign).setParameter(8, domain).executeUpdate();
    }

    private Result suppress(EntityManager em, String address, String hash, Kind kind, String status,
                            String diagnostic, String source, Instant now) {
        String detail = "status " + status.strip() + (diagnostic == null || diagnostic.isBlank() ? "" : ": " + diagnostic);
        if (kind == Kind.HARD) {
            return SuppressionList.add(em, address, SuppressionReason.BOUNCED, source, detail, "bounce:" + source, now)
                    ? Result.SUPPRESSED : Result.ALREADY_SUPPRESSED;
        }
        long soft = ((Number) em.createNativeQuery("select count(*) from bounce_event where address_hash = ?1"
                        + " and kind = 'SOFT' and received_at > ?2")
                .setParameter(1, hash).setParameter(2, now.minus(softWindow)).getSingleResult()).longValue();
        if (soft >= softLimit) {
            String why = soft + " soft bounces within " + softWindow.toString().toLowerCase(Locale.ROOT).substring(2)
                    + "; last " + detail;
            return SuppressionList.add(em, address, SuppressionReason.BOUNCED, source, why, "bounce:" + source, now)
                    ? Result.SUPPRESSED : Result.ALREADY_SUPPRESSED;
        }
        return Result.COUNTED;
    }
}
