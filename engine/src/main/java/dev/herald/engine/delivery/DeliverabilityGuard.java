package dev.herald.engine.delivery;

import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Pauses a marketing campaign whose bounce or spam complaint rate crosses the {@link DeliverabilityPolicy} (ADR
 * 0074). Asked in the transaction that records each bounce or complaint attributed to a campaign, so a campaign is
 * paused by the report that tips it, on whichever node it arrives. Transactional campaigns are never paused on their
 * own: a receipt must go even when a shop's sign-up form collects typos.
 */
public final class DeliverabilityGuard {

    /** Who the audit log says paused a campaign. */
    public static final String ACTOR = "deliverability-guard";

    private final Supplier<DeliverabilityPolicy> policy;
    private final Predicate<String> transactional;
    private final CampaignPauses pauses;

    /**
     * @param policy        the policy in use (followed on every report, so a published change applies at once)
     * @param transactional whether a campaign is transactional in the live definitions
     * @param pauses        this node's pauses, whose send gate learns of a pause at once; null when no gate runs here
     */
    public DeliverabilityGuard(Supplier<DeliverabilityPolicy> policy, Predicate<String> transactional,
                               CampaignPauses pauses) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.transactional = Objects.requireNonNull(transactional, "transactional");
        this.pauses = pauses;
    }

    /**
     * After the transaction of a report commits: this node's send gate reads the pauses again before its next email,
     * rather than within {@link CampaignPauses#SNAPSHOT_AGE}, so not one more email of a campaign just paused goes.
     */
    public void afterCommit() {
        if (pauses != null) {
            pauses.refresh();
        }
    }

    public DeliverabilityPolicy policy() {
        return policy.get();
    }

    /** After a problem report about one of {@code campaign}'s emails: pauses it if the rates now cross the policy. */
    public Optional<String> afterReport(EntityManager em, String campaign, Instant now) {
        DeliverabilityPolicy p = policy.get();
        if (campaign == null || !p.enabled() || transactional.test(campaign)) {
            return Optional.empty();
        }
        Optional<String> breach = p.breach(health(em, campaign, now.minus(p.within())));
        if (breach.isPresent() && CampaignPauses.pause(em, campaign, ACTOR, breach.get(), now)) {
            return breach;
        }
        return Optional.empty();
    }

    /** One campaign's figures since {@code since}. */
    public static CampaignHealth health(EntityManager em, String campaign, Instant since) {
        return healthSince(em, since, campaign).getOrDefault(campaign, new CampaignHealth(campaign, 0, 0, 0));
    }

    /** Every campaign that sent or drew a report over the policy's window, by campaign id. */
    public List<CampaignHealth> healthOfAll(Transactions transactions, Instant now) {
        DeliverabilityPolicy p = policy.get();
        Instant since = now.minus(p.enabled() ? p.within() : DeliverabilityPolicy.DEFAULT.within());
        return transactions.inTransaction(em -> new ArrayList<>(healthSince(em, since, null).values()));
    }

    private static Map<String, CampaignHealth> healthSince(EntityManager em, Instant since, String onlyCampaign) {
        String filter = onlyCampaign == null ? "" : " and campaign = ?2";
        var sentQuery = em.createNativeQuery("select campaign, count(*) from outbox_message where status = 'SENT'"
                + " and sent_at > ?1" + filter + " group by campaign");
        var reportQuery = em.createNativeQuery("select campaign, kind, source, count(*) from bounce_event"
                + " where received_at > ?1 and campaign is not null" + filter + " group by campaign, kind, source");
        for (var q : List.of(sentQuery, reportQuery)) {
            q.setParameter(1, since.atOffset(ZoneOffset.UTC));
            if (onlyCampaign != null) {
                q.setParameter(2, onlyCampaign);
            }
        }
        Map<String, long[]> counts = new TreeMap<>(); // emails, bounced, complained
        @SuppressWarnings("unchecked")
        List<Object[]> sent = sentQuery.getResultList();
        sent.forEach(r -> counts.computeIfAbsent((String) r[0], c -> new long[3])[0] += ((Number) r[1]).longValue());
        @SuppressWarnings("unchecked")
        List<Object[]> reports = reportQuery.getResultList();
        for (Object[] r : reports) {
            long[] c = counts.computeIfAbsent((String) r[0], k -> new long[3]);
            String kind = dev.herald.engine.consent.Rows.text(r[1]);
            long n = ((Number) r[3]).longValue();
            if ("HARD".equals(kind)) {
                c[1] += n;
                if ("smtp".equals(r[2])) {
                    c[0] += n; // refused at send time: an email that never counted as sent
                }
            } else if ("COMPLAINT".equals(kind)) {
                c[2] += n;
            }
        }
        Map<String, CampaignHealth> out = new TreeMap<>();
        counts.forEach((campaign, c) -> out.put(campaign, new CampaignHealth(campaign, c[0], c[1], c[2])));
        return out;
    }
}
