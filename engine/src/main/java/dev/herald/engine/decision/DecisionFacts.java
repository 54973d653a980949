package dev.herald.engine.decision;

import dev.herald.engine.event.EventType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What the rule base may look at for one event: the customer as known after the event was applied, and the
 * event itself. Plain immutable values, so rules can read them but never change Herald's state.
 *
 * @param eventId         the triggering event's id
 * @param eventType       the triggering event's type
 * @param customerId      the customer's id
 * @param orderCount      orders on record for the customer, including the triggering one
 * @param lifetimeSpend   the customer's total spend on record
 * @param orderTotal      the triggering order's total, zero when the event is not an order
 * @param occurredAt      when the event happened (timing rules: valid dates, quiet hours, caps)
 * @param context         segments, scores, consent and recent sends; {@link DecisionContext#EMPTY} when unknown
 */
public record DecisionFacts(String eventId, EventType eventType, String customerId, long orderCount,
                            BigDecimal lifetimeSpend, BigDecimal orderTotal, Instant occurredAt,
                            DecisionContext context) {

    public DecisionFacts {
        occurredAt = occurredAt == null ? Instant.now() : occurredAt;
        context = context == null ? DecisionContext.EMPTY : context;
    }

    /** Facts without time or context: the event is taken as happening now and nothing else is known. */
    public DecisionFacts(String eventId, EventType eventType, String customerId, long orderCount,
                         BigDecimal lifetimeSpend, BigDecimal orderTotal) {
        this(eventId, eventType, customerId, orderCount, lifetimeSpend, orderTotal, null, null);
    }

    /** This event's facts with another context (the enrichment step adds segments, scores...). */
    public DecisionFacts withContext(DecisionContext newContext) {
        return new DecisionFacts(eventId, eventType, customerId, orderCount, lifetimeSpend, orderTotal, occurredAt,
                Objects.requireNonNull(newContext, "newContext"));
    }
}
