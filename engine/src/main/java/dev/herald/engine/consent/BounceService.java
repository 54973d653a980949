package dev.herald.engine.consent;

import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns bounces into suppression. A hard bounce (status 5.x.x, or an SMTP 5xx at send time) suppresses the
 * address at once; soft bounces (4.x.x) are counted and suppress once {@code softLimit} of them arrive within
 * {@code softWindow}, since a mailbox that has been full for a week is as good as gone. Every bounce is kept
 * in {@code bounce_event}, keyed on the address hash.
 */
public final class BounceService {

    /** Hard: permanent failure; soft: temporary. */
    public enum Kind { HARD, SOFT }

    /** What a bounce led to. */
    public enum Result { SUPPRESSED, ALREADY_SUPPRESSED, COUNTED }

    private final Transactions transactions;
    private final Clock clock;
    private final int softLimit;
    private final Duration softWindow;

    public BounceService(Transactions transactions, Clock clock, int softLimit, Duration softWindow) {
        if (softLimit < 1) {
            throw new IllegalArgumentException("soft bounce limit must be at least 1");
        }
        this.transactions = transactions;
        this.clock = clock;
        this.softLimit = softLimit;
        this.softWindow = softWindow;
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
        return transactions.inTransaction(em -> record(em, address, status, diagnostic, source, clock.instant()));
    }

    public Result record(EntityManager em, String address, String status, String diagnostic, String source,
                        Instant now) {
        return record(em, address, status, diagnostic, source, now, softLimit, softWindow);
    }

    static Result record(EntityManager em, String address, String status, String diagnostic, String source,
                         Instant now, int softLimit, Duration softWindow) {
        Kind kind = kindOf(status);
        if (kind == null) {
            throw new IllegalArgumentException("bounce status must be 4.x.x or 5.x.x, got '" + status + "'");
        }
        String hash = EmailAddresses.hash(address);
        em.createNativeQuery("insert into bounce_event (address_hash, kind, status_code, source, diagnostic,"
                        + " received_at) values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, hash).setParameter(2, kind.name()).setParameter(3, status.strip())
                .setParameter(4, source).setParameter(5, SuppressionList.truncate(diagnostic)).setParameter(6, now)
                .executeUpdate();
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
