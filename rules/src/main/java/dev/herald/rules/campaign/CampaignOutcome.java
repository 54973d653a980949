package dev.herald.rules.campaign;

/**
 * What happened to one matching campaign in the next-best-action arbitration, with the reason in plain words.
 *
 * @param expectedValue the best matching recommendation score (0 when the campaign has no recommendation condition)
 */
public record CampaignOutcome(String campaign, Status status, String reason, int priority, double expectedValue) {

    public enum Status {
        /** Goes out. */
        WON,
        /** Matched and allowed, but a higher-ranked campaign went out instead. */
        OUTRANKED,
        /** Matched, but a rule of conduct held it back (consent, cap, holdout, quiet hours, valid dates). */
        SUPPRESSED
    }

    @Override
    public String toString() {
        return campaign + ": " + status.name().toLowerCase() + " (" + reason + ")";
    }
}
