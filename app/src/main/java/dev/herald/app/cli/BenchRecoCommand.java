package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.reco.InteractionMatrix;
import dev.herald.engine.reco.RecommendationRequest;
import dev.herald.engine.reco.Recommender;
import dev.herald.engine.reco.Recommenders;
import dev.herald.engine.reco.SyntheticInteractions;
import dev.herald.engine.reco.TopN;
import dev.herald.engine.reco.UserHistory;
import dev.herald.engine.reco.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** {@code herald bench reco}: train time, peak heap and recommendations per second on synthetic data. */
@Command(name = "reco", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the recommender on synthetic purchases: product popularity follows a power law"
                + " (Zipf), customers buy in taste groups. Generates the data, trains, then times top-10"
                + " recommendations for a sample of customers.",
                "Reports generation and training time, peak heap (all heap pools, from the JVM's memory beans) and"
                        + " recommendations per second. The full size needs a 4 GiB heap:",
                "  JAVA_OPTS=-Xmx4g ./herald bench reco",
                ""})
public class BenchRecoCommand implements Callable<Integer> {

    @Option(names = "--customers", paramLabel = "N", defaultValue = "1000000",
            description = "Customers (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--products", paramLabel = "N", defaultValue = "100000",
            description = "Products (default: ${DEFAULT-VALUE}).")
    int products;

    @Option(names = "--purchases", paramLabel = "N", defaultValue = "30000000",
            description = "Customer x product purchases (default: ${DEFAULT-VALUE}).")
    long purchases;

    @Option(names = "--skew", paramLabel = "S", defaultValue = "1.0",
            description = "Zipf exponent of product popularity (default: ${DEFAULT-VALUE}).")
    double skew;

    @Option(names = "--algo", paramLabel = "NAME", defaultValue = Recommenders.DEFAULT,
            completionCandidates = RecoEvalCommand.AlgorithmNames.class,
            description = "Recommender (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: one per processor).")
    Integer threads;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "20000",
            description = "Customers to time recommendations for (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "End with one line of JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || sample < 1) {
            throw new IllegalArgumentException("--threads and --sample must be at least 1");
        }
        resetPeaks();
        System.out.printf(Locale.ROOT, "Generating %,d customers x %,d products, %,d purchases (Zipf %.2f) ...%n",
                customers, products, purchases, skew);
        long start = System.nanoTime();
        InteractionMatrix matrix = SyntheticInteractions.generate(customers, products, purchases, skew, seed);
        double generateSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "  %,d distinct customer x product pairs in %.1f s%n",
                matrix.numInteractions(), generateSeconds);
        try (WorkerPool pool = new WorkerPool(threadCount)) {
            System.out.printf("Training %s on %d thread%s ...%n", algorithm, threadCount, threadCount == 1 ? "" : "s");
            start = System.nanoTime();
            Recommender recommender = Recommenders.byName(algorithm, true).train(matrix, pool);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "  trained in %.1f s%n", trainSeconds);
            int sampled = Math.min(sample, matrix.numUsers());
            System.out.printf(Locale.ROOT, "Recommending top 10 for %,d customers ...%n", sampled);
            RecommendationRequest request = RecommendationRequest.top(10, true);
            AtomicLong checksum = new AtomicLong();
            long stride = Math.max(1, matrix.numUsers() / sampled);
            start = System.nanoTime();
            pool.forRange(sampled, 64, (from, to) -> {
                float[] scores = new float[recommender.numItems()];
                long sum = 0;
                for (int s = from; s < to; s++) {
                    int user = (int) (s * stride % matrix.numUsers());
                    UserHistory history = matrix.history(user);
                    recommender.score(user, history, scores);
                    int[] top = TopN.select(scores, request.count(), history, request.allowed());
                    sum += top.length > 0 ? top[0] : 0;
                }
                checksum.addAndGet(sum);
            });
            double recommendSeconds = (System.nanoTime() - start) / 1e9;
            double perSecond = sampled / recommendSeconds;
            long peakHeap = peakHeapBytes();
            System.out.printf(Locale.ROOT, "%nSynthetic %,d x %,d, %,d pairs, %s, %d threads%n", customers, products,
                    matrix.numInteractions(), algorithm, threadCount);
            System.out.printf(Locale.ROOT, "  Train            %.1f s%n", trainSeconds);
            System.out.printf(Locale.ROOT, "  Peak heap        %.2f GiB (max heap %.2f GiB)%n", peakHeap / 1073741824.0,
                    Runtime.getRuntime().maxMemory() / 1073741824.0);
            System.out.printf(Locale.ROOT, "  Recommendations  %,.0f customers/s (top 10, %,d sampled)%n", perSecond,
                    sampled);
            if (json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("customers", customers);
                line.put("products", products);
                line.put("pairs", matrix.numInteractions());
                line.put("algo", algorithm);
                line.put("threads", threadCount);
                line.put("generate_s", generateSeconds);
                line.put("train_s", trainSeconds);
                line.put("peak_heap_bytes", peakHeap);
                line.put("recs_per_s", perSecond);
                System.out.println(new ObjectMapper().writeValueAsString(line));
            }
        }
        return 0;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage: an upper bound of the heap ever in use at once. */
    private static long peakHeapBytes() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total;
    }
}
