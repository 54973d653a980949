package dev.herald.routes.ingest;

/**
 * The event queue an internal event goes to. Orders and shop behaviour (checkout, cart, product views) go to
 * the commerce queue; profile events (signup, identify, alias) and page views go to the CRM queue. The ingest
 * routes accept each type only on its channel.
 */
public enum Channel {
    COMMERCE,
    CRM;

    /** The channel of an internal event type. */
    public static Channel of(String internalType) {
        return switch (internalType) {
            case InternalTypes.ORDER_COMPLETED, InternalTypes.CHECKOUT_STARTED, InternalTypes.CART_VIEWED,
                 InternalTypes.PRODUCT_VIEWED, InternalTypes.PRODUCT_ADDED -> COMMERCE;
            case InternalTypes.CUSTOMER_SIGNED_UP, InternalTypes.CUSTOMER_IDENTIFIED, InternalTypes.CUSTOMER_ALIASED,
                 InternalTypes.PAGE_VIEWED -> CRM;
            default -> throw new IllegalArgumentException("no channel for event type " + internalType);
        };
    }
}
