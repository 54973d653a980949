package dev.herald.engine.decision;

import dev.herald.engine.event.EventType;

import java.math.BigDecimal;

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
 */
public record DecisionFacts(String eventId, EventType eventType, String customerId, long orderCount,
                            BigDecimal lifetimeSpend, BigDecimal orderTotal) {
}
