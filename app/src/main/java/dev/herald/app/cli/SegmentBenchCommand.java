package dev.herald.app.cli;

import dev.herald.engine.segment.Clustering;
import dev.herald.engine.segment.KMeans;
import dev.herald.engine.segment.RfmService;
import dev.herald.engine.segment.SegmentChangeListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code herald segment bench kmeans|rfm}: the segmentation benchmarks of docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks of k-means and RFM; results and commands are in docs/benchmarks.md.",
                "  kmeans  k-means on synthetic Gaussian blobs (default 1,000,000 × 8, k = 8): time of each fit",
                "  rfm     full RFM (read orders, score, store values and memberships) on the database: time of"
                        + " each run (import transactions first)",
                "Every run is printed; the summary line gives min and median seconds."})
public class SegmentBenchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "kmeans|rfm", description = "What to measure.")
    String what;

    @Option(names = "--points", defaultValue = "1000000", description = "k-means: points (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--dims", defaultValue = "8", description = "k-means: dimensions (default: ${DEFAULT-VALUE}).")
    int dims;

    @Option(names = "--k", defaultValue = "8", description = "k-means: clusters, also the number of blobs (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--restarts", defaultValue = "1", description = "k-means: restarts per fit (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--threads", description = "k-means: threads (default: the processors available).")
    Integer threads;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs, after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        double[] seconds = new double[runs];
        switch (what) {
            case "kmeans" -> {
                double[][] x = blobs(points, dims, k, seed);
                int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
                KMeans.Options opts = new KMeans.Options(restarts, 300, seed, t);
                System.out.printf(Locale.ROOT, "k-means: %,d points × %d dims, k = %d, %d restart(s), %d thread(s)%n",
                        points, dims, k, restarts, t);
                KMeans.fit(x, k, opts); // warm-up
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    Clustering c = KMeans.fit(x, k, opts);
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "run %d: %.3f s (WCSS %.1f)%n", r + 1, seconds[r], c.wcss());
                }
            }
            case "rfm" -> {
                try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
                    RfmService rfm = new RfmService(db.transactions(), SegmentChangeListener.NONE);
                    rfm.computeAll(null, Instant.now()); // warm-up
                    for (int r = 0; r < runs; r++) {
                        RfmService.Result result = rfm.computeAll(null, Instant.now());
                        seconds[r] = result.seconds();
                        System.out.printf(Locale.ROOT, "run %d: %.3f s (%,d customers)%n", r + 1, seconds[r],
                                result.scored().size());
                    }
                }
            }
            default -> throw new IllegalArgumentException("bench what? kmeans or rfm, got '" + what + "'");
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "summary bench=%s runs=%d min_s=%.3f median_s=%.3f%n", what, runs, sorted[0],
                sorted[runs / 2]);
        return 0;
    }

    /** n points around k random centres in [-10, 10]^d, unit standard deviation. */
    static double[][] blobs(int n, int d, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[k][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = random.nextDouble(-10, 10);
            }
        }
        java.util.Random gaussian = new java.util.Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] c = centres[i % k];
            for (int j = 0; j < d; j++) {
                x[i][j] = c[j] + gaussian.nextGaussian();
            }
        }
        return x;
    }
}
