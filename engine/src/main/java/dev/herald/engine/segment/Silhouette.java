package dev.herald.engine.segment;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The exact mean silhouette with Euclidean distances: for each point, a = mean distance to the rest of its
 * cluster, b = the lowest mean distance to another cluster, s = (b − a) / max(a, b), and s = 0 in a cluster
 * of one. O(n² d) time, O(k) memory per point; split over threads, summed in a fixed order so the result
 * does not depend on the thread count.
 */
public final class Silhouette {

    private static final int CHUNK = 256;

    private Silhouette() {
    }

    public static double mean(double[][] x, int[] labels, int k, int threads) {
        int n = x.length;
        if (k < 2 || n < 2) {
            return Double.NaN;
        }
        int[] sizes = new int[k];
        for (int label : labels) {
            sizes[label]++;
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks];
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(chunk -> {
                double[] sums = new double[k];
                double s = 0;
                for (int i = chunk * CHUNK; i < Math.min(n, (chunk + 1) * CHUNK); i++) {
                    java.util.Arrays.fill(sums, 0);
                    double[] xi = x[i];
                    for (int o = 0; o < n; o++) {
                        if (o != i) {
                            sums[labels[o]] += Math.sqrt(Clustering.squaredDistance(xi, x[o]));
                        }
                    }
                    int own = labels[i];
                    if (sizes[own] <= 1) {
                        continue; // s(i) = 0
                    }
                    double a = sums[own] / (sizes[own] - 1);
                    double b = Double.POSITIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        if (c != own && sizes[c] > 0) {
                            b = Math.min(b, sums[c] / sizes[c]);
                        }
                    }
                    double denominator = Math.max(a, b);
                    s += denominator == 0 ? 0 : (b - a) / denominator;
                }
                partial[chunk] = s;
            })).join();
        } finally {
            pool.shutdown();
        }
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total / n;
    }
}
