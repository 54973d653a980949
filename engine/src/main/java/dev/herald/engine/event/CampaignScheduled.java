package dev.herald.engine.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Herald's own event: scheduled campaign {@code campaign}'s time came, and the rule base is asked about this
 * customer (audience, consent, recommendations) as for any event. Made by {@code ScheduledSendFeed}, never parsed
 * from outside, so it carries no contact details: the stored profile is used as it is.
 *
 * @param eventId    {@code scheduled:RUN:CUSTOMER}, so asking twice about one customer in one run is a no-op
 * @param occurredAt the time the campaign was scheduled for
 */
public record CampaignScheduled(String eventId, String customerId, String campaign, Instant occurredAt)
        implements HeraldEvent {

    /** Event id prefix; then the scheduled run's id and the customer's. */
    public static final String EVENT_ID_PREFIX = "scheduled:";

    public CampaignScheduled {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /**
     * The event id of run {@code runId} for one customer. Ids are at most 100 characters, so a customer id too long
     * to fit is replaced by its SHA-256 (still one id per customer and run).
     */
    public static String eventIdOf(long runId, String customerId) {
        String id = EVENT_ID_PREFIX + runId + ":" + customerId;
        if (id.length() <= EventParser.MAX_ID_LENGTH) {
            return id;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(customerId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return EVENT_ID_PREFIX + runId + ":#" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public EventType type() {
        return EventType.CAMPAIGN_SCHEDULED;
    }
}
