package dev.herald.engine.event;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The event types Herald accepts, with the wire name producers put in the {@code type} field. */
public enum EventType {
    CUSTOMER_SIGNED_UP("customer_signed_up"),
    ORDER_COMPLETED("order_completed"),
    /** Herald's own event: a customer moved to another segment (never accepted from outside). */
    SEGMENT_CHANGED("segment_changed"),
    /** Herald's own event: a scheduled campaign's time came, asked for each customer (never accepted from outside). */
    CAMPAIGN_SCHEDULED("campaign_scheduled"),
    /** Who the customer is (Segment identify): contact, traits, consent; links an anonymous id. */
    CUSTOMER_IDENTIFIED("customer_identified"),
    /** previousId and customerId are one person (Segment alias): the profiles merge. */
    CUSTOMER_ALIASED("customer_aliased"),
    PAGE_VIEWED("page_viewed"),
    PRODUCT_VIEWED("product_viewed"),
    PRODUCT_ADDED("product_added"),
    CART_VIEWED("cart_viewed"),
    CHECKOUT_STARTED("checkout_started");

    /** Profile events: accepted on the CRM queue. */
    public static final Set<EventType> PROFILE = Collections.unmodifiableSet(
            EnumSet.of(CUSTOMER_SIGNED_UP, CUSTOMER_IDENTIFIED, CUSTOMER_ALIASED));
    /** Browsing and cart activity: accepted on either queue, so a producer may send it where its flow is. */
    public static final Set<EventType> ACTIVITY = Collections.unmodifiableSet(
            EnumSet.of(PAGE_VIEWED, PRODUCT_VIEWED, PRODUCT_ADDED, CART_VIEWED, CHECKOUT_STARTED));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
