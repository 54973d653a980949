package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.engine.schedule.ScheduledCampaignRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald bench schedule}: how fast a scheduled campaign ({@code trigger.at}, ADR 0061) asks every customer
 * and queues its emails, on an embedded Herald in a temporary directory.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark a scheduled campaign (trigger.at) on an embedded Herald in a temporary directory.",
                "Phase 1 stores --customers customers (one signup each through the pipeline) while the only campaign"
                        + " is a newsletter scheduled far ahead. Phase 2 moves it to a minute ago and times the run"
                        + " that asks every customer, decides and queues the emails (the dispatcher is held back, so"
                        + " sending is not in the figure: see 'herald bench delivery').",
                "Results: docs/benchmarks.md.",
                ""})
public class BenchScheduleCommand implements Callable<Integer> {

    static final String CAMPAIGN = "bench-newsletter";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Option(names = "--customers", paramLabel = "N", defaultValue = "20000",
            description = "Customers in the audience (default: ${DEFAULT-VALUE}).")
    int customers;

    @Mixin
    ConfigOptions options;

    static String newsletter(LocalDateTime at) {
        return "id: " + CAMPAIGN + "\ntrigger:\n  at: " + MINUTES.format(at) + "\n  zone: UTC\ntemplate: welcome\n";
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = BenchHerald.dataDir(options.dataDir);
        Path campaigns = Files.createDirectories(dataDir.resolve("bench-campaigns"));
        Files.writeString(campaigns.resolve(CAMPAIGN + ".yaml"), newsletter(LocalDateTime.of(2099, 1, 1, 10, 0)));
        Map<String, String> settings = new HashMap<>(options.overrides);
        settings.put(HeraldConfig.RULES_DIR, campaigns.toString());
        settings.put(HeraldConfig.DISPATCH_PERIOD_MS, String.valueOf(TimeUnit.HOURS.toMillis(1)));
        settings.put(HeraldConfig.SCHEDULE_PERIOD_MS, "0"); // the run below is the only one
        HeraldConfig config = BenchHerald.config(dataDir, settings);
        System.out.printf("herald bench schedule: data in %s, %d processors%n", dataDir,
                Runtime.getRuntime().availableProcessors());
        try (HeraldRuntime runtime = HeraldRuntime.start(config)) {
            System.out.printf("phase 1: storing %,d customers (one signup each)%n", customers);
            BenchHerald.publish(runtime, BenchHerald.events("s", customers, false), 200);
            BenchHerald.await("customers", () -> BenchHerald.count(config, "select count(*) from customer"), customers,
                    1800, System.out);

            System.out.println("phase 2: the newsletter's time is moved to a minute ago; its run starts");
            if (!runtime.campaignPublisher().publish(CAMPAIGN + ".yaml",
                    newsletter(LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1))).live()) {
                throw new IllegalStateException("the benchmark's campaign did not compile");
            }
            ScheduledCampaignRuns runs = runtime.scheduledRuns();
            long start = System.nanoTime();
            long cpuStart = BenchHerald.processCpuNanos();
            long asked = 0;
            long emails = 0;
            for (ScheduledCampaignRuns.Poll poll = runs.poll(); poll.customers() > 0; poll = runs.poll()) {
                asked += poll.customers();
                emails += poll.emails();
                System.out.printf(Locale.ROOT, "  asked: %,d / %,d (%,.0f/s)%n", asked, customers,
                        asked / ((System.nanoTime() - start) / 1e9));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMs = (BenchHerald.processCpuNanos() - cpuStart) / 1e6;
            ScheduledCampaignRuns.Run run = runs.runs().get(0);
            System.out.printf(Locale.ROOT, "run %s: %,d customers asked, %,d emails queued in %.2f s = %,.0f customers/s;"
                    + " %.3f ms of process CPU per customer%n", run.outcome().name().toLowerCase(Locale.ROOT),
                    asked, emails, seconds, asked / seconds, cpuMs / Math.max(asked, 1));
            System.out.printf(Locale.ROOT, "summary customers=%d asked=%d emails=%d seconds=%.2f customers_per_s=%.0f"
                    + " cpu_ms_per_customer=%.3f%n", customers, asked, emails, seconds, asked / seconds,
                    cpuMs / Math.max(asked, 1));
            return run.outcome() == ScheduledCampaignRuns.Outcome.DONE && asked == customers && emails == customers
                    ? 0 : 1;
        }
    }
}
