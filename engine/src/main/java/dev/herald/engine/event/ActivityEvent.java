package dev.herald.engine.event;

import java.util.Map;

/**
 * Browsing and cart activity short of an order (page, product, cart, checkout). Kept as a compact row of the
 * customer's activity timeline; campaigns and journeys may trigger on it.
 */
public sealed interface ActivityEvent extends CustomerEvent
        permits PageViewed, ProductActivity, CartViewed, CheckoutStarted {

    /** The fields worth keeping on the timeline, in a stable order (stored as compact JSON). */
    Map<String, Object> detail();
}
