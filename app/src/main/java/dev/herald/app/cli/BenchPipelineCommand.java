package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.routes.EventIngestion;
import dev.herald.routes.Headers;
import dev.herald.routes.RouteSettings;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald bench pipeline}: events per second from the persistent embedded broker through validation, the
 * event transaction (idempotency record, profile, order, rules) into the outbox, and the event → outbox latency
 * at a steady rate. The outbox dispatcher is held back (hourly poll) so the pipeline is measured on its own.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the event pipeline on an embedded Herald (persistent Artemis journal, H2 file"
                + " database, the built-in campaigns) in a temporary directory.",
                "Phase 1 (throughput): publishes --events events (signups and orders of --events/2 customers) as"
                        + " fast as it can, committing every 200, and times until every one is processed"
                        + " (its transaction, outbox rows included, committed).",
                "Phase 2 (latency): publishes at --rate events/s for --seconds, and measures for each event the"
                        + " time from the producer's commit call (so the broker's journal sync of the producer's"
                        + " transaction is included) to the commit of its transaction into the outbox: p50, p99,"
                        + " max. p99_after_publish_ms: the p99 from the producer's commit returning instead.",
                "cpu_ms_per_event: the process's CPU time over the throughput phase (all threads: consumers,"
                        + " broker, database, producer) per event; consumer_cpu_ms_per_event: that of the ingest"
                        + " consumer threads alone (the event transactions). batch_redos: batches of the throughput phase"
                        + " that failed and were applied again in parts (ADR 0032), from the engine's counter.",
                "cpu_producer, cpu_broker, cpu_timers, cpu_jit, cpu_gc, cpu_other: the rest of cpu_ms_per_event by"
                        + " kind of thread (the bench's producer, the broker's threads, Camel timers, JIT compilers,"
                        + " garbage collector; JIT and GC from /proc, -1 where unavailable); cpu_without_producer:"
                        + " cpu_ms_per_event less the bench's own producer.",
                "Targets (issue 7): >= 5,000 events/s; p99 < 50 ms at 1,000 events/s. Results: docs/benchmarks.md.",
                ""})
public class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000",
            description = "Events in the throughput phase (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "1000",
            description = "Events per second in the latency phase (default: ${DEFAULT-VALUE}; 0 skips it).")
    int rate;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "15",
            description = "Length of the latency phase (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "4000",
            description = "Events processed first and not counted, to warm up the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--paced-warmup", paramLabel = "S", defaultValue = "0",
            description = {"Seconds of events at --rate published just before the latency phase and not counted"
                    + " (default: ${DEFAULT-VALUE}).", "The throughput phases run batches of up to 100 events, the"
                    + " paced phase batches of a few, so the code that runs once per batch reaches the JIT's top tier"
                    + " only when paced; without this the compilers take most of a core during the measured phase"
                    + " (see jit_ms_in_latency). 60 measures a Herald that has run at this rate for a minute."})
    int pacedWarmup;

    @Mixin
    ConfigOptions options;

    /** Part of the ingest consumer threads' names (ADR 0032's batch consumer). */
    private static final String CONSUMER_THREADS = "HeraldBatchJms";
    /** The throughput phase's producer thread. */
    private static final String PRODUCER_THREAD = "bench-producer";

    /** Completion time (System.nanoTime) of each event's ingest exchange, by event id. */
    private final Map<String, Long> completed = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        Path dataDir = BenchHerald.dataDir(options.dataDir);
        Map<String, String> extra = new java.util.HashMap<>(options.overrides);
        extra.putIfAbsent(HeraldConfig.DISPATCH_PERIOD_MS, String.valueOf(TimeUnit.HOURS.toMillis(1)));
        HeraldConfig config = BenchHerald.config(dataDir, extra);
        System.out.printf("herald bench pipeline: data in %s, %d consumers per queue, %d processors%n", dataDir,
                config.getInt(HeraldConfig.CONSUMERS), Runtime.getRuntime().availableProcessors());
        try (HeraldRuntime runtime = HeraldRuntime.start(config)) {
            runtime.camel().getManagementStrategy().addEventNotifier(new IngestTimer());

            ThreadCpu threadCpu = new ThreadCpu(CONSUMER_THREADS, PRODUCER_THREAD);
            if (warmup > 0) {
                System.out.printf("warm-up: %,d events%n", warmup);
                List<BenchHerald.Event> w = BenchHerald.events("w", warmup / 2, true);
                ThreadCpu.Snapshot warmupStart = threadCpu.take();
                BenchHerald.publish(runtime, w, 200);
                BenchHerald.await("processed", completed::size, w.size(), 600, System.out);
                // how much JIT the warm-up took, to compare with what is left in the measured phase
                Map<ThreadCpu.Kind, Double> split = ThreadCpu.msPerUnit(warmupStart, threadCpu.take(), w.size());
                System.out.printf(Locale.ROOT, "warm-up: consumer_cpu_ms_per_event=%.2f cpu_jit=%.2f cpu_gc=%.2f%n",
                        split.get(ThreadCpu.Kind.CONSUMERS), split.get(ThreadCpu.Kind.JIT),
                        split.get(ThreadCpu.Kind.GC));
                completed.clear();
            }

            System.out.printf("throughput: %,d events (signup + order for %,d customers)%n", events, events / 2);
            List<BenchHerald.Event> batch = BenchHerald.events("t", events / 2, true);
            long redosBefore = runtime.batchesRedone();
            ThreadCpu.Snapshot cpuBefore = threadCpu.take();
            long start = System.nanoTime();
            // the producer thread stays alive until its CPU has been read, so it is counted as the producer's
            java.util.concurrent.CountDownLatch measured = new java.util.concurrent.CountDownLatch(1);
            Thread producer = new Thread(() -> {
                BenchHerald.publish(runtime, batch, 200);
                awaitQuietly(measured);
            }, PRODUCER_THREAD);
            producer.start();
            BenchHerald.await("processed", completed::size, batch.size(), 1800, System.out);
            long lastDone = completed.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
            ThreadCpu.Snapshot cpuAfter = threadCpu.take();
            measured.countDown();
            long batchRedos = runtime.batchesRedone() - redosBefore;
            producer.join();
            Map<ThreadCpu.Kind, Double> cpuSplit = ThreadCpu.msPerUnit(cpuBefore, cpuAfter, batch.size());
            double cpuMsPerEvent = cpuBefore.processNanos() < 0 ? Double.NaN
                    : (cpuAfter.processNanos() - cpuBefore.processNanos()) / 1e6 / batch.size();
            double consumerCpuMsPerEvent = cpuSplit.get(ThreadCpu.Kind.CONSUMERS);
            double throughputSeconds = (lastDone - start) / 1e9;
            double perSecond = batch.size() / throughputSeconds;
            System.out.printf(Locale.ROOT, "throughput: %,d events in %.2f s = %,.0f events/s%n", batch.size(),
                    throughputSeconds, perSecond);
            completed.clear();

            Latencies latencies = rate > 0 ? latencyPhase(runtime, threadCpu)
                    : new Latencies(new double[0], new double[0], Double.NaN);
            long outbox = BenchHerald.count(config, "select count(*) from outbox_message");
            System.out.printf(Locale.ROOT, "summary events=%d events_per_s=%.0f latency_rate=%d latency_events=%d"
                            + " p50_ms=%.1f p99_ms=%.1f max_ms=%.1f consumers=%d outbox_rows=%d cpu_ms_per_event=%.2f"
                            + " consumer_cpu_ms_per_event=%.2f batch_redos=%d %s p99_after_publish_ms=%.1f"
                            + " jit_ms_in_latency=%.0f paced_warmup_s=%d%n",
                    batch.size(), perSecond, rate, latencies.fromCommitCall().length,
                    percentile(latencies.fromCommitCall(), 0.50), percentile(latencies.fromCommitCall(), 0.99),
                    percentile(latencies.fromCommitCall(), 1.0), config.getInt(HeraldConfig.CONSUMERS),
                    outbox, cpuMsPerEvent, consumerCpuMsPerEvent, batchRedos, splitFields(cpuSplit, cpuMsPerEvent),
                    percentile(latencies.fromCommitReturn(), 0.99), latencies.jitCpuMillis(), pacedWarmup);
        }
        return 0;
    }

    /**
     * Each event's latency in ms, sorted: from its producer's commit call, and from that commit's return (the
     * event is then in the broker, durably); and the CPU the JIT's compiler threads used during the phase, in ms
     * ({@link ThreadCpu}, as {@code cpu_jit}; NaN where it cannot tell). On 2 cores a compiling thread takes the core
     * a transaction waits for, so a phase that overlapped much compiling has a longer tail (docs/benchmarks.md,
     * "The JIT still takes a core").
     */
    record Latencies(double[] fromCommitCall, double[] fromCommitReturn, double jitCpuMillis) {
    }

    private Latencies latencyPhase(HeraldRuntime runtime, ThreadCpu threadCpu) throws InterruptedException {
        if (pacedWarmup > 0) {
            List<BenchHerald.Event> warm = BenchHerald.events("p", rate * pacedWarmup / 2, true);
            System.out.printf("paced warm-up: %,d events at %,d/s for %d s, not counted, from %s%n", warm.size(), rate,
                    pacedWarmup, java.time.Instant.now());
            ThreadCpu.Snapshot before = threadCpu.take();
            publishAtRate(runtime, warm, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
            BenchHerald.await("processed", completed::size, warm.size(), 600, System.out);
            System.out.printf(Locale.ROOT, "paced warm-up: the JIT's compiler threads used %.0f ms of CPU%n",
                    ThreadCpu.msPerUnit(before, threadCpu.take(), 1).get(ThreadCpu.Kind.JIT));
            completed.clear();
        }
        int total = rate * seconds;
        List<BenchHerald.Event> paced = BenchHerald.events("l", total / 2, true);
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        // wall-clock bounds, to pick this phase out of a flight recording (ADR 0043's dev.herald.* events)
        System.out.printf("latency: %,d events at %,d/s for %d s (a commit every 10 ms), from %s%n", paced.size(),
                rate, seconds, java.time.Instant.now());
        ThreadCpu.Snapshot cpuBefore = threadCpu.take();
        long phaseStart = System.nanoTime();
        publishAtRate(runtime, paced, committedAt, publishedAt);
        BenchHerald.await("processed", completed::size, paced.size(), 600, System.out);
        System.out.printf("latency: all processed at %s%n", java.time.Instant.now());
        double phaseMillis = (System.nanoTime() - phaseStart) / 1e6;
        double jitMs = ThreadCpu.msPerUnit(cpuBefore, threadCpu.take(), 1).get(ThreadCpu.Kind.JIT);
        double jit = jitMs < 0 ? Double.NaN : jitMs;
        System.out.printf(Locale.ROOT, "latency phase: the JIT's compiler threads used %.0f ms of CPU in %.1f s"
                + " (%.0f %% of one core)%n", jit, phaseMillis / 1000, 100 * jit / phaseMillis);
        double[] ms = millisUntilCompleted(committedAt);
        double[] afterPublish = millisUntilCompleted(publishedAt);
        System.out.printf(Locale.ROOT, "latency at %,d events/s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                rate, percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 0.99), percentile(ms, 1.0));
        System.out.printf(Locale.ROOT, "latency from the producer's commit returning: p50 %.1f ms, p95 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms%n", percentile(afterPublish, 0.5),
                percentile(afterPublish, 0.95), percentile(afterPublish, 0.99), percentile(afterPublish, 1.0));
        return new Latencies(ms, afterPublish, jit);
    }

    /**
     * Publishes {@code paced} at {@link #rate} events/s, a transaction every 10 ms, and notes each event's
     * producer commit call and commit return (nanoTime by event id).
     */
    private void publishAtRate(HeraldRuntime runtime, List<BenchHerald.Event> paced, Map<String, Long> committedAt,
                               Map<String, Long> publishedAt) throws InterruptedException {
        int perTick = Math.max(1, rate / 100);
        long tick = TimeUnit.MILLISECONDS.toNanos(10L * perTick * 100 / rate);
        try (JMSContext context = runtime.connectionFactory().createContext(JMSContext.SESSION_TRANSACTED)) {
            JMSProducer producer = context.createProducer();
            Queue crm = context.createQueue(RouteSettings.CRM_QUEUE);
            Queue commerce = context.createQueue(RouteSettings.COMMERCE_QUEUE);
            long next = System.nanoTime();
            for (int i = 0; i < paced.size(); i += perTick) {
                List<BenchHerald.Event> slice = List.copyOf(paced.subList(i, Math.min(paced.size(), i + perTick)));
                for (BenchHerald.Event e : slice) {
                    TextMessage m = context.createTextMessage(e.json());
                    m.setStringProperty(Headers.JMS_GROUP_ID, e.customerId());
                    producer.send(e.queue().equals(RouteSettings.CRM_QUEUE) ? crm : commerce, m);
                }
                long at = System.nanoTime();
                for (BenchHerald.Event e : slice) {
                    committedAt.put(e.eventId(), at);
                }
                context.commit();
                long published = System.nanoTime();
                for (BenchHerald.Event e : slice) {
                    publishedAt.put(e.eventId(), published);
                }
                next += tick;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException("cannot publish: " + e.getMessage(), e);
        }
    }

    /** Each event's time from {@code start} (nanoTime by event id) to its completion, in ms, sorted. */
    private double[] millisUntilCompleted(Map<String, Long> start) {
        // an event completed before its producer's commit returned counts as 0
        return start.entrySet().stream()
                .mapToDouble(e -> Math.max(0, completed.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
    }

    /**
     * The throughput phase's CPU per event by kind of thread ({@link ThreadCpu}), as summary fields:
     * {@code cpu_producer=…} (the bench's own publishing, not Herald's work) up to {@code cpu_other=…};
     * {@code cpu_without_producer} is the process's CPU per event less the producer's.
     */
    static String splitFields(Map<ThreadCpu.Kind, Double> split, double cpuMsPerEvent) {
        StringBuilder fields = new StringBuilder();
        for (Map.Entry<ThreadCpu.Kind, Double> e : split.entrySet()) {
            if (e.getKey() != ThreadCpu.Kind.CONSUMERS) { // already printed as consumer_cpu_ms_per_event
                fields.append(String.format(Locale.ROOT, "cpu_%s=%.2f ", e.getKey().name().toLowerCase(Locale.ROOT),
                        e.getValue()));
            }
        }
        return fields.append(String.format(Locale.ROOT, "cpu_without_producer=%.2f",
                cpuMsPerEvent - split.get(ThreadCpu.Kind.PRODUCER))).toString();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Notes when each ingest exchange completes: the transaction of its batch of events has committed by then. */
    private final class IngestTimer extends EventNotifierSupport {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeCompletedEvent done) {
                String route = done.getExchange().getFromRouteId();
                if ("crm-events".equals(route) || "commerce-events".equals(route)) {
                    // one exchange is a batch (ADR 0032): its database transaction, holding every one of these
                    // events, has committed by now
                    long now = System.nanoTime();
                    List<?> ids = done.getExchange().getProperty(EventIngestion.EVENT_IDS, List.class);
                    if (ids != null) {
                        for (Object id : ids) {
                            completed.put((String) id, now);
                        }
                    }
                }
            }
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeCompletedEvent;
        }
    }
}
