package dev.herald.engine.reco;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Synthetic purchase data for benchmarks and tests: product popularity follows a power law (Zipf exponent
 * {@code skew}), customers' activity a milder one, and purchases cluster in "taste groups" of products so that
 * similarities are not pure noise; no customer buys more than 1,000 distinct products. Deterministic for a seed; built straight into compressed rows, without the
 * triple buffers of the general builder, so 30M purchases fit in well under a gigabyte.
 */
public final class SyntheticInteractions {

    /** Cap on distinct products per customer (a wholesaler's catalogue order, not a crawler). */
    static final int MAX_PRODUCTS_PER_CUSTOMER = 1000;

    private SyntheticInteractions() {
    }

    public static InteractionMatrix generate(int customers, int products, long purchases, double skew, long seed) {
        if (customers < 1 || products < 2 || purchases < customers) {
            throw new IllegalArgumentException("need customers ≥ 1, products ≥ 2 and purchases ≥ customers");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] productCdf = zipfCdf(products, skew);
        // customer activity: Zipf with exponent 0.6 over a random permutation, at least one purchase each
        double[] activity = new double[customers];
        double total = 0;
        for (int u = 0; u < customers; u++) {
            activity[u] = 1 / Math.pow(1 + random.nextInt(customers), 0.6);
            total += activity[u];
        }
        int[] planned = new int[customers];
        int cap = Math.min(products / 2 + 1, MAX_PRODUCTS_PER_CUSTOMER);
        long remaining = purchases - customers;
        // the shares of capped customers go to the others, so the total stays close to what was asked for
        double capped = 0;
        double uncappedActivity = 0;
        for (int u = 0; u < customers; u++) {
            if (remaining * activity[u] / total >= cap - 1) {
                capped += cap - 1;
            } else {
                uncappedActivity += activity[u];
            }
        }
        double scale = uncappedActivity > 0 ? (remaining - capped) / uncappedActivity : 0;
        long capacity = 0;
        for (int u = 0; u < customers; u++) {
            double share = remaining * activity[u] / total >= cap - 1 ? cap - 1 : scale * activity[u];
            planned[u] = (int) Math.min(cap, 1 + Math.round(share));
            capacity += planned[u];
        }
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many purchases for one matrix: " + capacity);
        }
        int[] ptr = new int[customers + 1];
        int[] items = new int[(int) capacity];
        float[] counts = new float[(int) capacity];
        int groups = Math.max(1, products / 50);
        int[] row = new int[products];
        int[] seenBy = new int[products];  // customer index + 1 that last took each product
        for (int u = 0; u < customers; u++) {
            int size = planned[u];
            int taste = random.nextInt(groups);
            int distinct = 0;
            int attempts = 0;
            while (distinct < size && attempts < size * 4) {
                attempts++;
                int item = random.nextDouble() < 0.3
                        ? Math.floorMod(taste * 50 + random.nextInt(50) * 7919, products)
                        : sample(productCdf, random.nextDouble());
                if (seenBy[item] == u + 1) {
                    continue;
                }
                seenBy[item] = u + 1;
                row[distinct++] = item;
            }
            Arrays.sort(row, 0, distinct);
            int start = ptr[u];
            for (int k = 0; k < distinct; k++) {
                items[start + k] = row[k];
                counts[start + k] = 1 + (random.nextDouble() < 0.2 ? random.nextInt(4) : 0);
            }
            ptr[u + 1] = start + distinct;
        }
        IdIndex users = new IdIndex();
        for (int u = 0; u < customers; u++) {
            users.add("C" + u);
        }
        IdIndex itemIds = new IdIndex();
        for (int i = 0; i < products; i++) {
            itemIds.add("P" + i);
        }
        int used = ptr[customers];
        return new InteractionMatrix(users, itemIds, ptr, Arrays.copyOf(items, used), Arrays.copyOf(counts, used));
    }

    private static double[] zipfCdf(int n, double skew) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, skew);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int sample(double[] cdf, double u) {
        int at = Arrays.binarySearch(cdf, u);
        return Math.min(cdf.length - 1, at >= 0 ? at : -at - 1);
    }
}
