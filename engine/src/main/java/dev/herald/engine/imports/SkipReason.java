package dev.herald.engine.imports;

/**
 * Why a transaction row was not imported. A row is counted under the first rule it breaks, in this order,
 * so the counts add up to the rows skipped. See docs/segmentation.md for the rules.
 */
public enum SkipReason {
    /** Wrong number of columns, an unreadable number or date, an empty invoice or stock code. */
    MALFORMED("malformed row"),
    /** Invoice number starting with C: a cancellation, matched to its original line and counted, not an order. */
    CANCELLATION("cancellation"),
    /** No customer id: the sale cannot be attributed to anyone. */
    MISSING_CUSTOMER("missing customer id"),
    /** Quantity zero or negative outside a cancellation (stock adjustments, damages). */
    NON_POSITIVE_QUANTITY("quantity <= 0"),
    /** Unit price zero or negative (free samples, bad-debt adjustments). */
    NON_POSITIVE_PRICE("unit price <= 0"),
    /** A row whose invoice was already seen with another customer. */
    INCONSISTENT_INVOICE("invoice belongs to another customer"),
    /** An exact copy of an earlier accepted row, only when duplicates are dropped. */
    EXACT_DUPLICATE("exact duplicate"),
    /** A non-product code (POST, M, BANK CHARGES...), only when non-product lines are dropped. */
    NON_PRODUCT_CODE("non-product code");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
