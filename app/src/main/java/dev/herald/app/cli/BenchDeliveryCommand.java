package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.engine.delivery.OutboxMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald bench delivery}: emails per second rendered from the outbox and delivered to a local SMTP
 * server (the embedded GreenMail), each one marked sent in the outbox.
 */
@Command(name = "delivery", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark email delivery on an embedded Herald in a temporary directory.",
                "Phase 1 fills the outbox: --emails signups go through the pipeline with the dispatcher held back."
                        + " Phase 2 restarts Herald on the same data with the dispatcher on and times until every"
                        + " email is rendered (Mustache, HTML + text), accepted by the local SMTP server"
                        + " (GreenMail) and marked sent. The rate is emails / (last sent_at - first sent_at).",
                "More dispatch threads: -Dherald.dispatch.threads=4.",
                "Target (issue 7): >= 1,000 emails/s on 2 cores. Results: docs/benchmarks.md.",
                ""})
public class BenchDeliveryCommand implements Callable<Integer> {

    @Option(names = "--emails", paramLabel = "N", defaultValue = "20000",
            description = "Emails to deliver (default: ${DEFAULT-VALUE}).")
    int emails;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = {"Emails delivered first and left out of the figures (default: ${DEFAULT-VALUE}), so the"
                    + " rate and CPU are those of a running Herald rather than of a JVM still compiling its code."})
    int warmup;

    @Mixin
    ConfigOptions options;

    /**
     * The process's CPU time between the first and the last email seen sent (polled). On a shared machine the
     * wall-clock rate depends on what else runs; CPU per email says what the delivery itself costs.
     */
    static final class CpuWhileSending {
        private final long warmup;
        private long firstSent = -1;
        private long cpuAtFirst;
        private long lastSent;
        private long cpuAtLast;

        /** @param warmup emails sent before the measurement starts */
        CpuWhileSending(long warmup) {
            this.warmup = warmup;
        }

        long observe(long sent) {
            long cpu = BenchHerald.processCpuNanos();
            if (firstSent < 0 && sent > warmup) {
                firstSent = sent;
                cpuAtFirst = cpu;
            }
            lastSent = sent;
            cpuAtLast = cpu;
            return sent;
        }

        double millisPerEmail() {
            long emails = lastSent - firstSent;
            return firstSent < 0 || emails <= 0 || cpuAtFirst < 0 ? Double.NaN : (cpuAtLast - cpuAtFirst) / 1e6 / emails;
        }
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = BenchHerald.dataDir(options.dataDir);
        Map<String, String> fill = new HashMap<>(options.overrides);
        fill.put(HeraldConfig.DISPATCH_PERIOD_MS, String.valueOf(TimeUnit.HOURS.toMillis(1)));
        HeraldConfig fillConfig = BenchHerald.config(dataDir, fill);
        System.out.printf("herald bench delivery: data in %s, %d processors%n", dataDir,
                Runtime.getRuntime().availableProcessors());
        int queued = emails + warmup;
        System.out.printf("phase 1: queueing %,d emails (one signup each, dispatcher held back)%n", queued);
        List<BenchHerald.Event> signups = BenchHerald.events("d", queued, false);
        try (HeraldRuntime runtime = HeraldRuntime.start(fillConfig)) {
            BenchHerald.publish(runtime, signups, 200);
            BenchHerald.await("outbox rows", () -> runtime.outboxCount(OutboxMessage.Status.PENDING), queued, 1800,
                    System.out);
        }

        Map<String, String> send = new HashMap<>(options.overrides);
        send.putIfAbsent(HeraldConfig.DISPATCH_PERIOD_MS, "20");
        send.putIfAbsent(HeraldConfig.DISPATCH_BATCH, "500");
        HeraldConfig sendConfig = BenchHerald.config(dataDir, send);
        System.out.printf("phase 2: delivering (dispatch batch %s, poll every %s ms, %s dispatch thread(s))%n",
                sendConfig.get(HeraldConfig.DISPATCH_BATCH), sendConfig.get(HeraldConfig.DISPATCH_PERIOD_MS),
                sendConfig.get(HeraldConfig.DISPATCH_THREADS));
        long start = System.nanoTime();
        double wall;
        int received;
        if (warmup > 0) {
            System.out.printf("  the first %,d emails are a warm-up, left out of the figures%n", warmup);
        }
        CpuWhileSending cpu = new CpuWhileSending(warmup);
        try (HeraldRuntime runtime = HeraldRuntime.start(sendConfig)) {
            BenchHerald.await("sent", () -> cpu.observe(runtime.outboxCount(OutboxMessage.Status.SENT)), queued,
                    1800, System.out);
            wall = (System.nanoTime() - start) / 1e9;
            received = runtime.mailServer() == null ? -1 : runtime.mailServer().receivedMessages().size();
        }
        double span = BenchHerald.spanSecondsAfter(sendConfig, "outbox_message", "sent_at", warmup);
        long failed = BenchHerald.count(sendConfig, "select count(*) from outbox_message where status <> 'SENT'");
        double perSecond = emails / Math.max(span, 0.001);
        System.out.printf(Locale.ROOT, "delivery: %,d emails sent in %.2f s (first to last sent_at) = %,.0f emails/s;"
                + " %.1f s wall including Herald's start%n", emails, span, perSecond, wall);
        double cpuMsPerEmail = cpu.millisPerEmail();
        System.out.printf(Locale.ROOT, "cpu: %.2f ms of process CPU per email while sending (all threads: dispatch,"
                + " H2, the embedded SMTP server, JIT, GC) = at most %,.0f emails/s on %d cores%n", cpuMsPerEmail,
                1000.0 * Runtime.getRuntime().availableProcessors() / cpuMsPerEmail,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "summary emails=%d emails_per_s=%.0f span_s=%.2f wall_s=%.1f received=%d"
                + " not_sent=%d threads=%s cpu_ms_per_email=%.2f warmup=%d%n", emails, perSecond, span, wall, received,
                failed, sendConfig.get(HeraldConfig.DISPATCH_THREADS), cpuMsPerEmail, warmup);
        return failed == 0 && (received < 0 || received == queued) ? 0 : 1;
    }
}
