package dev.herald.engine.segment;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Lloyd's k-means with k-means++ initialisation and restarts, keeping the run with the lowest WCSS.
 * Deterministic for a seed, whatever the thread count: the points are cut into fixed chunks, chunks are
 * assigned in parallel, and their partial sums are added in chunk order. An empty cluster is re-seeded with
 * the point farthest from its centroid. Labels are renumbered by first appearance in input order.
 */
public final class KMeans {

    private static final int CHUNK = 8192;

    /**
     * @param restarts      independent k-means++ starts; the lowest WCSS wins
     * @param maxIterations Lloyd iterations per start at most (stops earlier when no label changes)
     * @param seed          seed of the starts
     * @param threads       threads of the assignment step
     */
    public record Options(int restarts, int maxIterations, long seed, int threads) {

        /**
         * Lloyd stops when no label changes or when the centroids moved, in total squared distance, by less
         * than this fraction of the data's mean per-feature variance (the usual relative tolerance): the last
         * iterations of a large data set only shuffle a few boundary points.
         */
        public static final double TOLERANCE = 1e-4;

        public Options {
            if (restarts < 1 || maxIterations < 1 || threads < 1) {
                throw new IllegalArgumentException("restarts, iterations and threads must be positive");
            }
        }

        public static Options defaults(long seed) {
            return new Options(10, 300, seed, Runtime.getRuntime().availableProcessors());
        }
    }

    private KMeans() {
    }

    public static Clustering fit(double[][] points, int k, Options options) {
        int n = points.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be 1.." + n + ", got " + k);
        }
        int d = points[0].length;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(points[i], 0, x, i * d, d);
        }
        double tolerance = Options.TOLERANCE * meanVariance(x, n, d);
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            SplittableRandom seeds = new SplittableRandom(options.seed());
            Run best = null;
            for (int r = 0; r < options.restarts(); r++) {
                Run run = lloyd(x, n, d, k, new SplittableRandom(seeds.nextLong()), options.maxIterations(),
                        tolerance, pool);
                if (best == null || run.wcss < best.wcss) {
                    best = run;
                }
            }
            return relabel(best, k, d);
        } finally {
            pool.shutdown();
        }
    }

    private record Run(int[] labels, double[] centroids, double wcss) {
    }

    /** Partial results of one chunk of the assignment step. */
    private static final class Partial {
        final double[] sums;
        final int[] counts;
        double wcss;
        int changed;
        int farthest = -1;
        double farthestDistance = -1;

        Partial(int k, int d) {
            sums = new double[k * d];
            counts = new int[k];
        }
    }

    private static double meanVariance(double[] x, int n, int d) {
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * d + j];
            }
            mean /= n;
            double variance = 0;
            for (int i = 0; i < n; i++) {
                double diff = x[i * d + j] - mean;
                variance += diff * diff;
            }
            total += variance / n;
        }
        return total / d;
    }

    private static Run lloyd(double[] x, int n, int d, int k, SplittableRandom random, int maxIterations,
                             double tolerance, ForkJoinPool pool) {
        double[] centroids = kMeansPlusPlus(x, n, d, k, random);
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, -1);
        int chunks = (n + CHUNK - 1) / CHUNK;
        double wcss = Double.POSITIVE_INFINITY;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            Partial[] parts = assign(x, n, d, k, centroids, labels, chunks, pool);
            Partial total = merge(parts, k, d);
            wcss = total.wcss;
            if (total.changed == 0) {
                break;
            }
            double shift = 0;
            boolean reseeded = false;
            for (int c = 0; c < k; c++) {
                if (total.counts[c] == 0) {
                    // re-seed an empty cluster with the worst-served point
                    System.arraycopy(x, total.farthest * d, centroids, c * d, d);
                    reseeded = true;
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    double updated = total.sums[c * d + j] / total.counts[c];
                    double diff = updated - centroids[c * d + j];
                    shift += diff * diff;
                    centroids[c * d + j] = updated;
                }
            }
            if (!reseeded && shift <= tolerance) {
                break;
            }
        }
        // WCSS against the final centroids
        wcss = merge(assign(x, n, d, k, centroids, labels, chunks, pool), k, d).wcss;
        return new Run(labels, centroids, wcss);
    }

    private static Partial[] assign(double[] x, int n, int d, int k, double[] centroids, int[] labels, int chunks,
                                    ForkJoinPool pool) {
        Partial[] parts = new Partial[chunks];
        Runnable work = () -> IntStream.range(0, chunks).parallel().forEach(chunk -> {
            Partial p = new Partial(k, d);
            int end = Math.min(n, (chunk + 1) * CHUNK);
            for (int i = chunk * CHUNK; i < end; i++) {
                int base = i * d;
                int best = 0;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double s = 0;
                    int cb = c * d;
                    for (int j = 0; j < d; j++) {
                        double diff = x[base + j] - centroids[cb + j];
                        s += diff * diff;
                    }
                    if (s < bestDistance) {
                        bestDistance = s;
                        best = c;
                    }
                }
                if (labels[i] != best) {
                    labels[i] = best;
                    p.changed++;
                }
                p.counts[best]++;
                int sb = best * d;
                for (int j = 0; j < d; j++) {
                    p.sums[sb + j] += x[base + j];
                }
                p.wcss += bestDistance;
                if (bestDistance > p.farthestDistance) {
                    p.farthestDistance = bestDistance;
                    p.farthest = i;
                }
            }
            parts[chunk] = p;
        });
        pool.submit(work).join();
        return parts;
    }

    private static Partial merge(Partial[] parts, int k, int d) {
        Partial total = new Partial(k, d);
        for (Partial p : parts) {
            for (int i = 0; i < total.sums.length; i++) {
                total.sums[i] += p.sums[i];
            }
            for (int c = 0; c < k; c++) {
                total.counts[c] += p.counts[c];
            }
            total.wcss += p.wcss;
            total.changed += p.changed;
            if (p.farthestDistance > total.farthestDistance) {
                total.farthestDistance = p.farthestDistance;
                total.farthest = p.farthest;
            }
        }
        return total;
    }

    /** k-means++: each next centre drawn with probability proportional to its squared distance to the nearest. */
    static double[] kMeansPlusPlus(double[] x, int n, int d, int k, SplittableRandom random) {
        double[] centroids = new double[k * d];
        int first = random.nextInt(n);
        System.arraycopy(x, first * d, centroids, 0, d);
        double[] nearest = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            nearest[i] = distance(x, i * d, centroids, 0, d);
            sum += nearest[i];
        }
        for (int c = 1; c < k; c++) {
            int chosen;
            if (sum <= 0) {
                chosen = random.nextInt(n); // all points coincide with centres already
            } else {
                double target = random.nextDouble() * sum;
                double running = 0;
                chosen = n - 1;
                for (int i = 0; i < n; i++) {
                    running += nearest[i];
                    if (running >= target && nearest[i] > 0) {
                        chosen = i;
                        break;
                    }
                }
            }
            System.arraycopy(x, chosen * d, centroids, c * d, d);
            sum = 0;
            for (int i = 0; i < n; i++) {
                double dist = distance(x, i * d, centroids, c * d, d);
                if (dist < nearest[i]) {
                    nearest[i] = dist;
                }
                sum += nearest[i];
            }
        }
        return centroids;
    }

    private static double distance(double[] a, int ai, double[] b, int bi, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double diff = a[ai + j] - b[bi + j];
            s += diff * diff;
        }
        return s;
    }

    private static Clustering relabel(Run run, int k, int d) {
        int[] map = new int[k];
        java.util.Arrays.fill(map, -1);
        int next = 0;
        int[] labels = new int[run.labels.length];
        for (int i = 0; i < labels.length; i++) {
            int old = run.labels[i];
            if (map[old] < 0) {
                map[old] = next++;
            }
            labels[i] = map[old];
        }
        double[][] centroids = new double[k][d];
        for (int old = 0; old < k; old++) {
            int target = map[old] >= 0 ? map[old] : next++;
            System.arraycopy(run.centroids, old * d, centroids[target], 0, d);
        }
        return new Clustering(k, labels, centroids, run.wcss);
    }
}
