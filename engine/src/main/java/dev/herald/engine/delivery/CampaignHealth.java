package dev.herald.engine.delivery;

/**
 * A campaign's emails and the problems reported about them over a window (ADR 0074): {@code emails} = sent, plus
 * refused by the receiving server at send time; {@code bounced} = hard bounces attributed to the campaign (soft ones
 * are a full mailbox, not a bad address); {@code complained} = spam reports.
 */
public record CampaignHealth(String campaign, long emails, long bounced, long complained) {

    public double bounceRate() {
        return emails == 0 ? 0 : (double) bounced / emails;
    }

    public double complaintRate() {
        return emails == 0 ? 0 : (double) complained / emails;
    }
}
