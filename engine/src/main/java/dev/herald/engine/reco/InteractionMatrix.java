package dev.herald.engine.reco;

import java.util.Arrays;

/**
 * Customers × products with implicit feedback, in compressed sparse rows (one row per customer, item indexes
 * ascending) and the transpose (one row per product, customer indexes ascending). Values are purchase counts
 * (baskets containing the product) and, when the source has dates, the day of the last purchase (days since
 * 1970-01-01). Immutable, so any number of threads may read it.
 */
public final class InteractionMatrix {

    private final IdIndex users;
    private final IdIndex items;
    private final int[] userPtr;
    private final int[] userItems;
    private final float[] userCounts;
    /** Day of the last purchase per entry of the user rows, or null when the source had no dates. */
    private final int[] userLastDays;
    private final int newestDay;
    private final int[] itemPtr;
    private final int[] itemUsers;
    private final float[] itemCounts;

    InteractionMatrix(IdIndex users, IdIndex items, int[] userPtr, int[] userItems, float[] userCounts) {
        this(users, items, userPtr, userItems, userCounts, null);
    }

    InteractionMatrix(IdIndex users, IdIndex items, int[] userPtr, int[] userItems, float[] userCounts,
                      int[] userLastDays) {
        this.userLastDays = userLastDays;
        int newest = NO_DAY;
        if (userLastDays != null) {
            for (int day : userLastDays) {
                newest = Math.max(newest, day);
            }
        }
        this.newestDay = newest;
        this.users = users;
        this.items = items;
        this.userPtr = userPtr;
        this.userItems = userItems;
        this.userCounts = userCounts;
        int numItems = items.size();
        itemPtr = new int[numItems + 1];
        for (int item : userItems) {
            itemPtr[item + 1]++;
        }
        for (int i = 0; i < numItems; i++) {
            itemPtr[i + 1] += itemPtr[i];
        }
        itemUsers = new int[userItems.length];
        itemCounts = new float[userItems.length];
        int[] fill = Arrays.copyOf(itemPtr, numItems);
        for (int u = 0; u < users.size(); u++) {  // users ascending, so each item row ends up sorted
            for (int k = userPtr[u]; k < userPtr[u + 1]; k++) {
                int at = fill[userItems[k]]++;
                itemUsers[at] = u;
                itemCounts[at] = userCounts[k];
            }
        }
    }

    /** Builds a matrix from (user, item, count) triples; repeated pairs add up. */
    public static Builder builder() {
        return new Builder(new IdIndex(), new IdIndex());
    }

    /** A builder that keeps the given id spaces (so a reduced copy of a matrix keeps its indexes). */
    public static Builder builder(IdIndex users, IdIndex items) {
        return new Builder(users, items);
    }

    /** Marks an unknown purchase day. */
    public static final int NO_DAY = Integer.MIN_VALUE;

    /** True when the matrix knows the day of each last purchase. */
    public boolean hasDays() {
        return userLastDays != null;
    }

    /** Day of the last purchase at position {@code k} of the user rows, or {@link #NO_DAY}. */
    public int lastDayAt(int k) {
        return userLastDays == null ? NO_DAY : userLastDays[k];
    }

    /** The most recent purchase day in the data, or {@link #NO_DAY}. */
    public int newestDay() {
        return newestDay;
    }

    public IdIndex users() {
        return users;
    }

    public IdIndex items() {
        return items;
    }

    public int numUsers() {
        return users.size();
    }

    public int numItems() {
        return items.size();
    }

    public int numInteractions() {
        return userItems.length;
    }

    public int userStart(int user) {
        return userPtr[user];
    }

    public int userEnd(int user) {
        return userPtr[user + 1];
    }

    /** Item index at position {@code k} of the user rows (between {@link #userStart} and {@link #userEnd}). */
    public int itemAt(int k) {
        return userItems[k];
    }

    public float userCountAt(int k) {
        return userCounts[k];
    }

    public int itemStart(int item) {
        return itemPtr[item];
    }

    public int itemEnd(int item) {
        return itemPtr[item + 1];
    }

    public int userAt(int k) {
        return itemUsers[k];
    }

    public float itemCountAt(int k) {
        return itemCounts[k];
    }

    public int userDegree(int user) {
        return userPtr[user + 1] - userPtr[user];
    }

    /** Number of customers who bought the item. */
    public int itemDegree(int item) {
        return itemPtr[item + 1] - itemPtr[item];
    }

    public UserHistory history(int user) {
        if (user < 0 || user >= numUsers()) {
            return UserHistory.EMPTY;
        }
        return new UserHistory(Arrays.copyOfRange(userItems, userPtr[user], userPtr[user + 1]),
                Arrays.copyOfRange(userCounts, userPtr[user], userPtr[user + 1]));
    }

    /** Collects triples, then sorts them into the compressed form. */
    public static final class Builder {
        private final IdIndex users;
        private final IdIndex items;
        private int[] rowUsers = new int[1024];
        private int[] rowItems = new int[1024];
        private float[] rowCounts = new float[1024];
        private int[] rowDays;
        private int size;

        private Builder(IdIndex users, IdIndex items) {
            this.users = users;
            this.items = items;
        }

        public Builder add(String user, String item, float count) {
            return add(users.add(user), items.add(item), count);
        }

        /** Adds a purchase whose last day is known ({@code day} in days since 1970-01-01). */
        public Builder add(String user, String item, float count, int day) {
            add(users.add(user), items.add(item), count);
            if (rowDays == null) {
                rowDays = new int[rowUsers.length];
                Arrays.fill(rowDays, 0, size - 1, NO_DAY);
            }
            rowDays[size - 1] = day;
            return this;
        }

        /** Adds by dense index; the indexes must already exist in the id spaces. */
        public Builder add(int user, int item, float count) {
            if (!(count > 0) || Float.isInfinite(count)) {
                throw new IllegalArgumentException("count must be a positive number, got " + count);
            }
            if (size == rowUsers.length) {
                int grown = rowUsers.length * 2;
                rowUsers = Arrays.copyOf(rowUsers, grown);
                rowItems = Arrays.copyOf(rowItems, grown);
                rowCounts = Arrays.copyOf(rowCounts, grown);
                if (rowDays != null) {
                    rowDays = Arrays.copyOf(rowDays, grown);
                }
            }
            if (rowDays != null) {
                rowDays[size] = NO_DAY;
            }
            rowUsers[size] = user;
            rowItems[size] = item;
            rowCounts[size] = count;
            size++;
            return this;
        }

        public IdIndex users() {
            return users;
        }

        public IdIndex items() {
            return items;
        }

        public InteractionMatrix build() {
            int numUsers = users.size();
            int[] ptr = new int[numUsers + 1];
            for (int k = 0; k < size; k++) {
                ptr[rowUsers[k] + 1]++;
            }
            for (int u = 0; u < numUsers; u++) {
                ptr[u + 1] += ptr[u];
            }
            int[] fill = Arrays.copyOf(ptr, numUsers);
            int[] colItems = new int[size];
            float[] colCounts = new float[size];
            int[] colDays = rowDays == null ? null : new int[size];
            for (int k = 0; k < size; k++) {
                int at = fill[rowUsers[k]]++;
                colItems[at] = rowItems[k];
                colCounts[at] = rowCounts[k];
                if (colDays != null) {
                    colDays[at] = rowDays[k];
                }
            }
            // sort each row by item and merge duplicates (counts add up, the later day wins)
            int[] outPtr = new int[numUsers + 1];
            int out = 0;
            for (int u = 0; u < numUsers; u++) {
                int start = ptr[u];
                int end = ptr[u + 1];
                sortRow(colItems, colCounts, colDays, start, end);
                outPtr[u] = out;
                for (int k = start; k < end; k++) {
                    if (out > outPtr[u] && colItems[out - 1] == colItems[k]) {
                        colCounts[out - 1] += colCounts[k];
                        if (colDays != null) {
                            colDays[out - 1] = Math.max(colDays[out - 1], colDays[k]);
                        }
                    } else {
                        colItems[out] = colItems[k];
                        colCounts[out] = colCounts[k];
                        if (colDays != null) {
                            colDays[out] = colDays[k];
                        }
                        out++;
                    }
                }
            }
            outPtr[numUsers] = out;
            return new InteractionMatrix(users, items, outPtr, Arrays.copyOf(colItems, out),
                    Arrays.copyOf(colCounts, out), colDays == null ? null : Arrays.copyOf(colDays, out));
        }

        private static void sortRow(int[] keys, float[] values, int[] days, int from, int to) {
            for (int i = from + 1; i < to; i++) {  // rows are short and often nearly sorted
                if (keys[i - 1] <= keys[i]) {
                    continue;
                }
                Integer[] order = new Integer[to - from];
                for (int k = 0; k < order.length; k++) {
                    order[k] = from + k;
                }
                Arrays.sort(order, (a, b) -> keys[a] != keys[b] ? Integer.compare(keys[a], keys[b])
                        : Integer.compare(a, b));
                int[] sortedKeys = new int[order.length];
                float[] sortedValues = new float[order.length];
                int[] sortedDays = days == null ? null : new int[order.length];
                for (int k = 0; k < order.length; k++) {
                    sortedKeys[k] = keys[order[k]];
                    sortedValues[k] = values[order[k]];
                    if (days != null) {
                        sortedDays[k] = days[order[k]];
                    }
                }
                System.arraycopy(sortedKeys, 0, keys, from, order.length);
                System.arraycopy(sortedValues, 0, values, from, order.length);
                if (days != null) {
                    System.arraycopy(sortedDays, 0, days, from, order.length);
                }
                return;
            }
        }
    }
}
