package dev.herald.engine.event;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The producer tells who the customer is (Segment {@code identify}): contact details, traits to keep as
 * attributes, and possibly a marketing consent with its source. With an {@link #anonymousId()} it also links
 * the anonymous profile to this customer.
 *
 * @param email   the address, or empty when not given
 * @param traits  string, number ({@link java.math.BigDecimal}) or boolean values by trait name
 * @param consent the marketing consent stated with this identify, if any
 */
public record CustomerIdentified(String eventId, String customerId, String anonymousId, String email, String name,
                                 Map<String, Object> traits, Optional<Consent> consent, Instant occurredAt)
        implements CustomerEvent {

    public CustomerIdentified {
        traits = Map.copyOf(traits);
        anonymousId = anonymousId == null ? "" : anonymousId;
    }

    @Override
    public EventType type() {
        return EventType.CUSTOMER_IDENTIFIED;
    }

    /** Marketing consent as stated by the customer through {@code source} (e.g. a signup form, the CRM). */
    public record Consent(boolean marketing, String source) {
    }
}
