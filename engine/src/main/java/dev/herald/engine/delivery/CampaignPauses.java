package dev.herald.engine.delivery;

import dev.herald.engine.consent.AuditLog;
import dev.herald.engine.consent.Rows;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaigns whose sending is paused (ADR 0074), by the deliverability guard or by a person. A paused campaign is
 * still decided and its emails are still queued; the {@link #gate()} defers them, so they wait in the outbox with
 * the reason and nothing is lost. Resuming makes the held emails due at once, or drops them (kept as suppressed,
 * with the reason) when the person resuming says the list was bad. Every pause and resume is audited.
 */
public final class CampaignPauses {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignPauses.class);
    /** What a held email's last_error starts with: how resuming finds the emails the pause held. */
    static final String HELD = "deferred: campaign paused";
    /** How long a held email waits before it is looked at again (resuming makes it due at once). */
    static final Duration RECHECK = Duration.ofHours(1);
    /** How old the gate's view of the pauses may be: a pause by another node applies within this. */
    static final Duration SNAPSHOT_AGE = Duration.ofSeconds(5);

    /** A paused campaign and the emails it holds. */
    public record Pause(String campaign, Instant pausedAt, String pausedBy, String reason, long held) {
    }

    /** What resuming did to the held emails: made due again, or dropped. */
    public record Resumed(long released, long discarded) {
    }

    private record Snapshot(Map<String, String> reasons, Instant loadedAt) {
    }

    private final Transactions transactions;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Instant.MIN);

    public CampaignPauses(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Pauses a campaign; false when it was paused already (the first reason stays). */
    public boolean pause(String campaign, String by, String reason) {
        boolean paused = transactions.inTransaction(em -> pause(em, campaign, by, reason, clock.instant()));
        refresh();
        return paused;
    }

    /** Makes the gate read the pauses again before its next email (after a pause committed on this node). */
    public void refresh() {
        snapshot = new Snapshot(Map.of(), Instant.MIN);
    }

    /** As above, in the caller's transaction (the guard pauses in the one that records the bounce). */
    public static boolean pause(EntityManager em, String campaign, String by, String reason, Instant now) {
        if (campaign == null || campaign.isBlank()) {
            throw new IllegalArgumentException("which campaign to pause?");
        }
        String why = reason == null || reason.isBlank() ? "paused by " + by : reason.strip();
        if (!em.createNativeQuery("select 1 from campaign_pause where campaign = ?1").setParameter(1, campaign)
                .getResultList().isEmpty()) {
            return false;
        }
        em.createNativeQuery("insert into campaign_pause (campaign, paused_at, paused_by, reason) values (?1, ?2, ?3,"
                        + " ?4)").setParameter(1, campaign).setParameter(2, now.atOffset(ZoneOffset.UTC))
                .setParameter(3, truncate(by, 100)).setParameter(4, truncate(why, 1000)).executeUpdate();
        AuditLog.record(em, "campaign", campaign, "pause", by, Map.of("reason", why), now);
        LOG.warn("campaign {} paused by {}: {}; its emails wait in the outbox until it is resumed", campaign, by, why);
        return true;
    }

    /**
     * Resumes a campaign: its held emails become due now, or with {@code discardHeld} are kept as suppressed and never
     * sent. Empty when the campaign was not paused.
     */
    public Optional<Resumed> resume(String campaign, String by, boolean discardHeld) {
        Instant now = clock.instant();
        Optional<Resumed> resumed = transactions.inTransaction(em -> {
            List<?> reasons = em.createNativeQuery("select reason from campaign_pause where campaign = ?1")
                    .setParameter(1, campaign).getResultList();
            if (reasons.isEmpty()) {
                return Optional.<Resumed>empty();
            }
            em.createNativeQuery("delete from campaign_pause where campaign = ?1").setParameter(1, campaign)
                    .executeUpdate();
            long released = 0;
            long discarded = 0;
            if (discardHeld) {
                discarded = em.createNativeQuery("update outbox_message set status = 'SUPPRESSED', lease_until = null,"
                                + " last_error = ?1 where campaign = ?2 and status = 'PENDING' and last_error like ?3")
                        .setParameter(1, truncate("suppressed: held while the campaign was paused (" + reasons.get(0)
                                + "), dropped when " + by + " resumed it", 1000))
                        .setParameter(2, campaign).setParameter(3, HELD + "%").executeUpdate();
            } else {
                released = em.createNativeQuery("update outbox_message set next_attempt_at = ?1, last_error = null"
                                + " where campaign = ?2 and status = 'PENDING' and last_error like ?3")
                        .setParameter(1, now.atOffset(ZoneOffset.UTC)).setParameter(2, campaign)
                        .setParameter(3, HELD + "%").executeUpdate();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("reason", reasons.get(0));
            detail.put("released", released);
            detail.put("discarded", discarded);
            AuditLog.record(em, "campaign", campaign, "resume", by, detail, now);
            return Optional.of(new Resumed(released, discarded));
        });
        refresh();
        resumed.ifPresent(r -> LOG.info("campaign {} resumed by {}: {} held emails released, {} dropped", campaign, by,
                r.released(), r.discarded()));
        return resumed;
    }

    /** Every paused campaign, the longest paused first, with the emails each holds. */
    public List<Pause> list() {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select p.campaign, p.paused_at, p.paused_by, p.reason,"
                    + " (select count(*) from outbox_message o where o.campaign = p.campaign and o.status = 'PENDING'"
                    + " and o.last_error like ?1) from campaign_pause p order by p.paused_at, p.campaign")
                    .setParameter(1, HELD + "%").getResultList();
            return rows.stream().map(r -> new Pause((String) r[0], Rows.instant(r[1]), (String) r[2], (String) r[3],
                    ((Number) r[4]).longValue())).toList();
        });
    }

    /** How many campaigns are paused (for a metric read at every scrape: no count of held emails). */
    public long count() {
        return transactions.inTransaction(em -> ((Number) em.createNativeQuery("select count(*) from campaign_pause")
                .getSingleResult()).longValue());
    }

    /** The pause of one campaign, if it is paused. */
    public Optional<Pause> find(String campaign) {
        return list().stream().filter(p -> p.campaign().equals(campaign)).findFirst();
    }

    /**
     * The send-time gate: an email of a paused campaign is deferred (by {@link #RECHECK}, or until resumed) with the
     * reason. Asked before every other gate, so a held email spends no allowance. Reads the pauses at most every
     * {@link #SNAPSHOT_AGE}, not once per email.
     */
    public SendGate gate() {
        return (em, message, now) -> {
            Snapshot current = snapshot;
            if (current.loadedAt().isBefore(now.minus(SNAPSHOT_AGE)) || current.loadedAt().isAfter(now)) {
                current = load(em, now);
                snapshot = current;
            }
            String reason = current.reasons().get(message.campaign());
            return reason == null ? SendGate.send()
                    : new SendGate.Defer(now.plus(RECHECK), "campaign paused: " + reason);
        };
    }

    private static Snapshot load(EntityManager em, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select campaign, reason from campaign_pause").getResultList();
        Map<String, String> reasons = new LinkedHashMap<>();
        rows.forEach(r -> reasons.put((String) r[0], (String) r[1]));
        return new Snapshot(Map.copyOf(reasons), now);
    }

    private static String truncate(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }
}
