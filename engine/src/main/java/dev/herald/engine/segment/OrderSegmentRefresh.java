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

    /**
     * As {@link #afterOrder}, and says what it wrote, so the decision that follows can take the customer's segments
     * and RFM from it instead of reading them back (ADR 0041). A refresh that cannot say answers
     * {@link Written#UNKNOWN}, and the caller reads them again.
     */
    default Written refreshAfterOrder(EntityManager em, String customerId, Instant now) {
        afterOrder(em, customerId, now);
        return Written.UNKNOWN;
    }

    /** As {@link #refreshAfterOrder(EntityManager, String, Instant)}, with RFM breakpoints kept for a batch. */
    default Written refreshAfterOrder(EntityManager em, String customerId, Instant now, RfmBreakpoints breakpoints) {
        return refreshAfterOrder(em, customerId, now);
    }

    /**
     * What a refresh changed of the customer's segments: nothing, or their RFM score and with it their membership
     * of scheme {@value RfmService#SCHEME}; or unknown (read them again).
     *
     * @param known whether the refresh knows what it wrote
     * @param rfm   the RFM score it stored, or null when it stored none
     */
    record Written(boolean known, RfmModel.Scored rfm) {

        /** The refresh wrote nothing: segments and RFM are as they were before the order. */
        public static final Written NOTHING = new Written(true, null);
        /** The refresh cannot say what it wrote. */
        public static final Written UNKNOWN = new Written(false, null);

        /** The customer's RFM is now {@code scored}, and their RFM membership its segment. */
        public static Written rescored(RfmModel.Scored scored) {
            return new Written(true, scored);
        }
    }

    /** Does nothing: segments are only recomputed by 'herald segment rfm'. */
    OrderSegmentRefresh NONE = new OrderSegmentRefresh() {
        @Override
        public void afterOrder(EntityManager em, String customerId, Instant now) {
        }

        @Override
        public Written refreshAfterOrder(EntityManager em, String customerId, Instant now) {
            return Written.NOTHING;
        }
    };

    /** Re-scores the customer's RFM against the stored breakpoints (nothing before the first full computation). */
    OrderSegmentRefresh RFM = new OrderSegmentRefresh() {
        @Override
        public void afterOrder(EntityManager em, String customerId, Instant now) {
            refreshAfterOrder(em, customerId, now);
        }

        @Override
        public Written refreshAfterOrder(EntityManager em, String customerId, Instant now) {
            return refreshAfterOrder(em, customerId, now, new RfmBreakpoints());
        }

        @Override
        public Written refreshAfterOrder(EntityManager em, String customerId, Instant now, RfmBreakpoints breakpoints) {
            return RfmService.refresh(em, customerId, now, new java.util.ArrayList<>(), breakpoints)
                    .map(Written::rescored).orElse(Written.NOTHING);
        }
    };
}
