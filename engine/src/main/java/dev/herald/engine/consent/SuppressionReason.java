package dev.herald.engine.consent;

/**
 * Why an address is on the suppression list. Bounced and complained addresses get nothing, not even
 * transactional email; unsubscribed and manual entries stop marketing only.
 */
public enum SuppressionReason {
    BOUNCED, COMPLAINED, UNSUBSCRIBED, MANUAL;

    /** Whether this reason also stops transactional email (order confirmations, opt-in confirmations). */
    public boolean blocksTransactional() {
        return this == BOUNCED || this == COMPLAINED;
    }
}
