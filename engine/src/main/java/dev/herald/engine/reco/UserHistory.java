package dev.herald.engine.reco;

import java.util.Arrays;

/**
 * What one customer bought: item indexes in ascending order with the number of baskets each appeared in.
 * Recommenders score from this rather than from the matrix row, so a live purchase can be folded in at once.
 */
public record UserHistory(int[] items, float[] counts) {

    public static final UserHistory EMPTY = new UserHistory(new int[0], new float[0]);

    public UserHistory {
        if (items.length != counts.length) {
            throw new IllegalArgumentException("items and counts differ in length");
        }
    }

    public int size() {
        return items.length;
    }

    public boolean contains(int item) {
        return Arrays.binarySearch(items, item) >= 0;
    }

    public float count(int item) {
        int at = Arrays.binarySearch(items, item);
        return at >= 0 ? counts[at] : 0f;
    }

    /** This history with {@code baskets} more purchases of {@code item}. */
    public UserHistory plus(int item, float baskets) {
        int at = Arrays.binarySearch(items, item);
        if (at >= 0) {
            float[] newCounts = counts.clone();
            newCounts[at] += baskets;
            return new UserHistory(items, newCounts);
        }
        int insert = -at - 1;
        int[] newItems = new int[items.length + 1];
        float[] newCounts = new float[items.length + 1];
        System.arraycopy(items, 0, newItems, 0, insert);
        System.arraycopy(counts, 0, newCounts, 0, insert);
        newItems[insert] = item;
        newCounts[insert] = baskets;
        System.arraycopy(items, insert, newItems, insert + 1, items.length - insert);
        System.arraycopy(counts, insert, newCounts, insert + 1, items.length - insert);
        return new UserHistory(newItems, newCounts);
    }
}
