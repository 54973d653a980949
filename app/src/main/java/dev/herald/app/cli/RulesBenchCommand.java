package dev.herald.app.cli;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.RecentSend;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.decision.RfmScore;
import dev.herald.engine.decision.SegmentMembership;
import dev.herald.engine.decision.TriggerEvent;
import dev.herald.rules.campaign.Catalog;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignRuleBase;
import dev.herald.rules.campaign.Situation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code herald rules bench}: rule base rebuild time and event evaluations per second. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the campaign rule base on synthetic campaigns: generate N varied definitions"
                + " (every event type, attribute conditions, segments, RFM, countries, recommendations, caps,"
                + " holdouts), time loading + validating + compiling them, then evaluate random events (next best"
                + " action included) on several threads and report evaluations per second.",
                "Record results with the exact command in docs/benchmarks.md (section Rules)."})
public class RulesBenchCommand implements Callable<Integer> {

    private static final String[] EVENTS = {"order_completed", "cart_updated", "product_viewed", "customer_signed_up"};
    private static final String[] SEGMENTS = Catalog.RFM_SEGMENTS.stream().sorted().toArray(String[]::new);
    private static final String[] COUNTRIES = {"United Kingdom", "France", "Germany", "EIRE", "Spain", "Netherlands"};
    private static final String[] CATEGORIES = {"home", "kitchen", "garden", "party", "gifts"};

    @Option(names = "--campaigns", defaultValue = "500", description = "Campaign definitions (default: ${DEFAULT-VALUE}).")
    int campaigns;

    @Option(names = "--threads", defaultValue = "2", description = "Evaluating threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", defaultValue = "15", description = "Measured evaluation time (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "20", description = "Warm-up time in seconds (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--rebuilds", defaultValue = "3", description = "Timed rule base rebuilds (default: ${DEFAULT-VALUE}).")
    int rebuilds;

    @Override
    public Integer call() throws Exception {
        Map<String, String> files = synthetic(campaigns, new Random(7));
        Catalog catalog = new Catalog(Catalog.RFM_SEGMENTS, key -> true);
        CampaignLoader loader = new CampaignLoader(catalog);
        CampaignRuleBase ruleBase = null;
        List<Long> rebuildMillis = new ArrayList<>();
        List<Long> rebuildCpuMillis = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i <= rebuilds; i++) {
            long start = System.nanoTime();
            long cpuStart = os.getProcessCpuTime();
            ruleBase = loader.build(files);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long cpuMillis = (os.getProcessCpuTime() - cpuStart) / 1_000_000;
            System.out.printf("rebuild %d (%s): %d campaigns loaded, validated and compiled in %d ms (process CPU %d ms)%n",
                    i, i == 0 ? "cold" : "warm", ruleBase.campaigns().size(), millis, cpuMillis);
            if (i > 0) {
                rebuildMillis.add(millis);
                rebuildCpuMillis.add(cpuMillis);
            }
        }
        List<Situation> situations = situations(10_000, new Random(11));
        System.out.printf("warming up for %d s on %d threads...%n", warmupSeconds, threads);
        run(ruleBase, situations, warmupSeconds);
        System.out.printf("measuring for %d s...%n", seconds);
        long[] result = run(ruleBase, situations, seconds);
        double perSecond = result[0] * 1e9 / result[1];
        double perCpuSecond = result[0] * 1e9 / result[3];
        System.out.printf("load average during the run: %.2f on %d cores (the figures are lower when other work"
                + " shares the machine; evaluations_per_cpu_s is not)%n", os.getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("summary campaigns=%d threads=%d evaluations=%d evaluations_per_s=%.0f"
                        + " evaluations_per_cpu_s=%.0f decided_share=%.3f rebuild_ms_warm_median=%d"
                        + " rebuild_cpu_ms_warm_median=%d%n", ruleBase.campaigns().size(), threads, result[0], perSecond,
                perCpuSecond, result[2] / (double) result[0], median(rebuildMillis), median(rebuildCpuMillis));
        return 0;
    }

    private static long median(List<Long> values) {
        return values.isEmpty() ? 0 : values.stream().sorted().toList().get(values.size() / 2);
    }

    /** {evaluations, elapsed nanos, evaluations that decided something, CPU nanos of the evaluating threads}. */
    private long[] run(CampaignRuleBase ruleBase, List<Situation> situations, int durationSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t * 997;
            futures.add(pool.submit(() -> {
                java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpuStart = cpu.getCurrentThreadCpuTime();
                long count = 0;
                long decided = 0;
                while (!stop.get()) {
                    if (ruleBase.evaluate(situations.get((int) ((offset + count) % situations.size()))).decision().isPresent()) {
                        decided++;
                    }
                    count++;
                }
                return new long[] {count, decided, cpu.getCurrentThreadCpuTime() - cpuStart};
            }));
        }
        Thread.sleep(durationSeconds * 1000L);
        stop.set(true);
        long total = 0;
        long decided = 0;
        long cpuNanos = 0;
        for (Future<long[]> future : futures) {
            long[] counts = future.get();
            total += counts[0];
            decided += counts[1];
            cpuNanos += counts[2];
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        return new long[] {total, elapsed, decided, cpuNanos};
    }

    static Map<String, String> synthetic(int count, Random random) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("herald-rules.yaml", "globalCap: {max: 3, per: 7d}\n");
        for (int i = 0; i < count; i++) {
            String event = EVENTS[i % EVENTS.length];
            StringBuilder yaml = new StringBuilder("id: campaign-" + i + "\npriority: " + random.nextInt(100)
                    + "\ntrigger:\n  event: " + event + "\n  conditions:\n");
            switch (event) {
                case "order_completed" -> yaml.append("    - total >= ").append(random.nextInt(200)).append('\n');
                case "cart_updated" -> yaml.append("    - cart_total >= ").append(random.nextInt(100)).append('\n');
                case "product_viewed" -> yaml.append("    - category == ").append(CATEGORIES[random.nextInt(CATEGORIES.length)]).append('\n');
                default -> yaml.append("    - source != partner\n");
            }
            yaml.append("audience:\n  segments: [").append(SEGMENTS[random.nextInt(SEGMENTS.length)]).append("]\n")
                    .append("  country: [").append(COUNTRIES[random.nextInt(COUNTRIES.length)]).append(", ")
                    .append(COUNTRIES[random.nextInt(COUNTRIES.length)]).append("]\n")
                    .append("  rfm: {recency: \">= ").append(1 + random.nextInt(3)).append("\"}\n")
                    .append("  consent: email\n  conditions:\n    - order_count >= ").append(random.nextInt(5)).append('\n');
            if (random.nextBoolean()) {
                yaml.append("recommendation: {minScore: 0.").append(random.nextInt(9)).append(", category: ")
                        .append(CATEGORIES[random.nextInt(CATEGORIES.length)]).append("}\n");
            }
            yaml.append("frequencyCap: {max: 1, per: ").append(1 + random.nextInt(30)).append("d}\n")
                    .append("template: t-").append(i % 20).append('\n')
                    .append("holdout: 0.05\n");
            files.put("campaign-" + i + ".yaml", yaml.toString());
        }
        return files;
    }

    static List<Situation> situations(int count, Random random) {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        List<Situation> situations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String customerId = "C" + (10000 + random.nextInt(5000));
            String type = EVENTS[random.nextInt(EVENTS.length)];
            Map<String, Object> attributes = switch (type) {
                case "order_completed" -> Map.of("total", BigDecimal.valueOf(random.nextInt(30000), 2), "currency", "GBP");
                case "cart_updated" -> Map.of("cart_total", BigDecimal.valueOf(random.nextInt(15000), 2), "item_count", 3);
                case "product_viewed" -> Map.of("category", CATEGORIES[random.nextInt(CATEGORIES.length)], "product_id", "85123A");
                default -> Map.of("source", "web");
            };
            List<RecommendationScore> recos = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                recos.add(new RecommendationScore(customerId, "P" + r, CATEGORIES[random.nextInt(CATEGORIES.length)],
                        random.nextInt(100) / 100.0));
            }
            situations.add(new Situation(new TriggerEvent("e" + i, type, now, attributes),
                    new CustomerFacts(customerId, COUNTRIES[random.nextInt(COUNTRIES.length)], random.nextInt(10),
                            BigDecimal.valueOf(random.nextInt(100000), 2), Map.of()),
                    List.of(new SegmentMembership(customerId, SEGMENTS[random.nextInt(SEGMENTS.length)])),
                    new RfmScore(customerId, 1 + random.nextInt(5), 1 + random.nextInt(5), 1 + random.nextInt(5)),
                    recos, List.of(new ConsentFact(customerId, "email", random.nextInt(10) > 0)),
                    random.nextBoolean() ? List.of() : List.of(new RecentSend(customerId, "campaign-" + random.nextInt(500),
                            now.minus(Duration.ofDays(random.nextInt(20)))))));
        }
        return situations;
    }
}
