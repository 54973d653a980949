package dev.herald.routes.ingest;

/**
 * Wire names of the internal event types the HTTP edge produces (the {@code type} field of the JSON on the
 * event queues). The first two exist in the engine's {@code EventType} today; the others are the contract with
 * the engine's event model for Segment-style events.
 */
public final class InternalTypes {

    public static final String CUSTOMER_SIGNED_UP = "customer_signed_up";
    public static final String ORDER_COMPLETED = "order_completed";
    public static final String CUSTOMER_IDENTIFIED = "customer_identified";
    public static final String CUSTOMER_ALIASED = "customer_aliased";
    public static final String PAGE_VIEWED = "page_viewed";
    public static final String PRODUCT_VIEWED = "product_viewed";
    public static final String PRODUCT_ADDED = "product_added";
    public static final String CART_VIEWED = "cart_viewed";
    public static final String CHECKOUT_STARTED = "checkout_started";

    private InternalTypes() {
    }
}
