package dev.herald.engine.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * When Herald pauses a marketing campaign on its own (ADR 0074): more than {@code maxBounceRate} of its emails
 * bounced, or more than {@code maxComplaintRate} were reported as spam, over the last {@code within}, once at least
 * {@code minEmails} were sent in that time.
 *
 * <p>Why: mailbox providers judge a sender by bounces and complaints (Gmail asks bulk senders to stay below 0.3% spam
 * reports). A campaign sent to a stale imported list can spoil the reputation every other email of the shop depends
 * on within hours, while nobody is watching. Pausing keeps its emails in the outbox, so nothing is lost: a person
 * looks, then resumes it with or without the held emails. {@link #MIN_REPORTS} keeps one unlucky address from pausing
 * a small campaign.
 */
public record DeliverabilityPolicy(double maxBounceRate, double maxComplaintRate, int minEmails, Duration within) {

    /** No guard: campaigns are never paused on their own. */
    public static final DeliverabilityPolicy NONE = new DeliverabilityPolicy(0, 0, 0, Duration.ZERO);
    /** On unless herald-rules.yaml says otherwise: the thresholds mailbox providers publish. */
    public static final DeliverabilityPolicy DEFAULT = new DeliverabilityPolicy(0.05, 0.003, 200, Duration.ofHours(24));
    /** At least this many bounces (or complaints) before their rate counts. */
    public static final int MIN_REPORTS = 3;

    public DeliverabilityPolicy {
        Objects.requireNonNull(within, "within");
        if (!within.isZero()) {
            if (!(maxBounceRate > 0 && maxBounceRate < 1) || !(maxComplaintRate > 0 && maxComplaintRate < 1)) {
                throw new IllegalArgumentException("deliverability rates must be above 0% and below 100%, were "
                        + percent(maxBounceRate) + " and " + percent(maxComplaintRate));
            }
            if (minEmails < 1) {
                throw new IllegalArgumentException("deliverability minEmails must be at least 1, was " + minEmails);
            }
            if (within.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("deliverability within must be at least 1h, was "
                        + Durations.format(within));
            }
        }
    }

    public boolean enabled() {
        return !within.isZero();
    }

    /** Why a campaign with these figures must be paused, or empty when it may go on. */
    public Optional<String> breach(CampaignHealth health) {
        if (!enabled() || health.emails() < minEmails) {
            return Optional.empty();
        }
        if (health.bounced() >= MIN_REPORTS && health.bounceRate() > maxBounceRate) {
            return Optional.of("bounce rate " + percent(health.bounceRate()) + " (" + health.bounced() + " of "
                    + health.emails() + " emails in " + Durations.format(within) + ") is above " + percent(maxBounceRate));
        }
        if (health.complained() >= MIN_REPORTS && health.complaintRate() > maxComplaintRate) {
            return Optional.of("spam complaint rate " + percent(health.complaintRate()) + " (" + health.complained()
                    + " of " + health.emails() + " emails in " + Durations.format(within) + ") is above "
                    + percent(maxComplaintRate));
        }
        return Optional.empty();
    }

    /** "pause a marketing campaign when over 24h more than 5% of its emails bounce or 0.3% ...", for people. */
    public String describe() {
        return enabled() ? "pause a marketing campaign when, over " + Durations.format(within) + " and at least "
                + minEmails + (minEmails == 1 ? " email" : " emails") + ", more than " + percent(maxBounceRate) + " bounce or more than "
                + percent(maxComplaintRate) + " are reported as spam" : "none";
    }

    /** 5%, 0.3%, 12.5%: as few decimals as the value needs, up to two. */
    public static String percent(double share) {
        String text = String.format(Locale.ROOT, "%.2f", share * 100);
        text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + "%";
    }
}
