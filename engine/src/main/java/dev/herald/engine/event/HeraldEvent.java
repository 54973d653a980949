package dev.herald.engine.event;

/**
 * Herald's own events about a stored customer ({@code segment_changed}, {@code campaign_scheduled}): made inside
 * Herald, never parsed from outside, so they carry no contact details (the stored profile is used as it is), never
 * create a profile, and may name a customer by a merged-away id.
 */
public sealed interface HeraldEvent extends CustomerEvent permits SegmentChanged, CampaignScheduled {

    /** Not carried: the customer's stored email is used. */
    @Override
    default String email() {
        return "";
    }

    /** Not carried: the customer's stored name is used. */
    @Override
    default String name() {
        return "";
    }
}
