package dev.herald.engine.reco;

/**
 * Why an item is recommended: a kind and, for "because you bought X", the anchor item index (-1 otherwise).
 */
public record Reason(Kind kind, int anchorItem) {

    public enum Kind {
        /** Similar to something the customer bought (item-based). */
        BECAUSE_YOU_BOUGHT,
        /** Customers with a similar basket history bought it (user-based, matrix factorisation). */
        CUSTOMERS_LIKE_YOU,
        /** Popular overall or in the customer's segment. */
        POPULAR,
        /** The customer buys it again and again. */
        BOUGHT_BEFORE,
        /** Its description or category matches what the customer buys. */
        SIMILAR_PRODUCTS
    }

    public static Reason of(Kind kind) {
        return new Reason(kind, -1);
    }

    /** Human-readable text, e.g. "because you bought WHITE HANGING HEART T-LIGHT HOLDER". */
    public String text(ProductNames names) {
        return switch (kind) {
            case BECAUSE_YOU_BOUGHT -> "because you bought " + names.name(anchorItem);
            case CUSTOMERS_LIKE_YOU -> "customers like you bought it";
            case POPULAR -> "popular in your segment";
            case BOUGHT_BEFORE -> "you buy it regularly";
            case SIMILAR_PRODUCTS -> anchorItem >= 0 ? "similar to " + names.name(anchorItem)
                    : "matches what you like";
        };
    }

    /** Display name of an item index (a description when known, the product id otherwise). */
    @FunctionalInterface
    public interface ProductNames {
        String name(int item);
    }
}
