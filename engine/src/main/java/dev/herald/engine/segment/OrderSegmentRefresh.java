package dev.herald.engine.segment;

import jakarta.persistence.EntityManager;

import java.time.Instant;

/**
 * Called by event processing inside the transaction that stored a new order, so the customer's segments are
 * recomputed with the order and any segment-changed event commits (or rolls back) with it.
 */
@FunctionalInterface
public interface OrderSegmentRefresh {

    void afterOrder(EntityManager em, String customerId, Instant now);

    /** Does nothing: segments are only recomputed by 'herald segment rfm'. */
    OrderSegmentRefresh NONE = (em, customerId, now) -> { };

    /** Re-scores the customer's RFM against the stored breakpoints (nothing before the first full computation). */
    OrderSegmentRefresh RFM = (em, customerId, now) -> RfmService.refresh(em, customerId, now, new java.util.ArrayList<>());
}
