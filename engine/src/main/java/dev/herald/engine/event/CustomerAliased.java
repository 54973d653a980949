package dev.herald.engine.event;

import java.time.Instant;

/**
 * Two ids name the same person (Segment {@code alias}): {@code previousId} (an anonymous id or an old user id)
 * is now {@code customerId}. Herald merges the two profiles, the new id surviving.
 */
public record CustomerAliased(String eventId, String customerId, String previousId, String anonymousId,
                              Instant occurredAt) implements CustomerEvent {

    public CustomerAliased {
        anonymousId = anonymousId == null ? "" : anonymousId;
    }

    @Override
    public EventType type() {
        return EventType.CUSTOMER_ALIASED;
    }

    /** An alias carries no contact details. */
    @Override
    public String email() {
        return "";
    }

    @Override
    public String name() {
        return "";
    }
}
