package dev.herald.engine.reco;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Picks the best n items of a dense score vector with a bounded heap (O(items · log n)). Ties go to the lower
 * item index, so the result never depends on iteration or thread order.
 */
public final class TopN {

    private TopN() {
    }

    /** The best {@code n} items by descending score; excluded and disallowed items and NaN/-∞ scores skipped. */
    public static int[] select(float[] scores, int n, UserHistory exclude, IntPredicate allowed) {
        int[] heapItems = new int[n];
        float[] heapScores = new float[n];
        int size = 0;
        int[] excluded = exclude == null ? null : exclude.items();
        int nextExcluded = 0;
        for (int item = 0; item < scores.length; item++) {
            float score = scores[item];
            if (!(score > Float.NEGATIVE_INFINITY)) {
                continue;
            }
            if (size == n && !(score > heapScores[0])) {
                continue;  // equal score: the earlier (lower) index already in the heap wins
            }
            if (excluded != null) {  // checked only for items good enough to enter: most are not
                while (nextExcluded < excluded.length && excluded[nextExcluded] < item) {
                    nextExcluded++;
                }
                if (nextExcluded < excluded.length && excluded[nextExcluded] == item) {
                    continue;
                }
            }
            if (allowed != RecommendationRequest.ANY && !allowed.test(item)) {
                continue;
            }
            if (size < n) {
                heapItems[size] = item;
                heapScores[size] = score;
                siftUp(heapItems, heapScores, size++);
            } else {
                heapItems[0] = item;
                heapScores[0] = score;
                siftDown(heapItems, heapScores, 0, size);
            }
        }
        // drain worst-first into the tail of the result
        int[] result = new int[size];
        for (int k = size - 1; k >= 0; k--) {
            result[k] = heapItems[0];
            heapItems[0] = heapItems[k];
            heapScores[0] = heapScores[k];
            siftDown(heapItems, heapScores, 0, k);
        }
        return result;
    }

    /** True when (s1, i1) ranks below (s2, i2). */
    private static boolean worse(float s1, int i1, float s2, int i2) {
        return s1 < s2 || (s1 == s2 && i1 > i2);
    }

    private static void siftUp(int[] items, float[] scores, int at) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!worse(scores[at], items[at], scores[parent], items[parent])) {
                return;
            }
            swap(items, scores, at, parent);
            at = parent;
        }
    }

    private static void siftDown(int[] items, float[] scores, int at, int size) {
        while (true) {
            int left = 2 * at + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && worse(scores[right], items[right], scores[left], items[left])) {
                worst = right;
            }
            if (!worse(scores[worst], items[worst], scores[at], items[at])) {
                return;
            }
            swap(items, scores, at, worst);
            at = worst;
        }
    }

    private static void swap(int[] items, float[] scores, int a, int b) {
        int item = items[a];
        items[a] = items[b];
        items[b] = item;
        float score = scores[a];
        scores[a] = scores[b];
        scores[b] = score;
    }

    /** Indexes of the best {@code k} entries of {@code values} restricted to {@code candidates}, by value. */
    static int[] bestOf(int[] candidates, int count, float[] values, int k) {
        if (count <= k) {
            int[] all = Arrays.copyOf(candidates, count);
            Arrays.sort(all);
            return all;
        }
        int[] heapItems = new int[k];
        float[] heapScores = new float[k];
        int size = 0;
        for (int c = 0; c < count; c++) {
            int item = candidates[c];
            float score = values[item];
            if (size < k) {
                heapItems[size] = item;
                heapScores[size] = score;
                siftUp(heapItems, heapScores, size++);
            } else if (worse(heapScores[0], heapItems[0], score, item)) {
                heapItems[0] = item;
                heapScores[0] = score;
                siftDown(heapItems, heapScores, 0, size);
            }
        }
        int[] result = Arrays.copyOf(heapItems, size);
        Arrays.sort(result);
        return result;
    }
}
