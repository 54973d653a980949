package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.app.demo.DemoData;
import dev.herald.app.demo.DemoRunner;
import dev.herald.app.demo.DemoScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald demo}: the whole flow on embedded defaults, then a report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start Herald on embedded defaults (Artemis, H2, GreenMail) in a fresh temporary directory"
                + " (or --data-dir), publish a burst of realistic signup and order events, some repeated and some"
                + " deliberately malformed, wait until all are processed, write every email sent as an .eml file,"
                + " report and exit.",
                "The last line is a machine-readable summary:",
                "  summary events=N decided=N emails=N dead_lettered=N duplicates=N failed=N seconds=S",
                "Exit code 0 when the outcome matches what the scenario expects, 1 otherwise."})
public class DemoCommand implements Callable<Integer> {

    @Option(names = "--customers", paramLabel = "N", defaultValue = "40",
            description = "Demo customers taking part, 1..40 (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the scenario (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        if (customers < 1) {
            throw new IllegalArgumentException("--customers must be at least 1");
        }
        Map<String, String> demoDefaults = new HashMap<>();
        if (options.dataDir == null && !options.overrides.containsKey(HeraldConfig.DATA_DIR)) {
            demoDefaults.put(HeraldConfig.DATA_DIR, Files.createTempDirectory("herald-demo-").toString());
        }
        demoDefaults.put(HeraldConfig.BROKER_PORT, "0");  // in-VM only: no clash with a running Herald
        demoDefaults.put(HeraldConfig.SMTP_PORT, "0");
        demoDefaults.put(HeraldConfig.HTTP_PORT, "-1");
        demoDefaults.put(HeraldConfig.DISPATCH_PERIOD_MS, "100");
        HeraldConfig config = options.load(demoDefaults).with(Map.of(HeraldConfig.BROKER_URL, "",
                HeraldConfig.SMTP_HOST, ""));
        System.out.printf("Herald %s demo in %s%n", HeraldVersion.version(), config.dataDir());
        DemoRunner.Report report;
        try (HeraldRuntime runtime = HeraldRuntime.start(config)) {
            DemoScenario scenario = DemoScenario.create(DemoData.load(), customers, seed,
                    Long.toString(Instant.now().toEpochMilli(), 36), Instant.now());
            report = new DemoRunner(runtime, System.out).run(scenario, Duration.ofSeconds(timeoutSeconds));
        }
        System.out.println();
        System.out.printf("Events published:        %d (%d malformed, %d repeated)%n", report.events(),
                report.malformed(), report.duplicates());
        System.out.printf("Emails decided by rules: %d%n", report.decided());
        System.out.printf("Emails received by SMTP: %d (expected %d on a fresh data directory)%n", report.emails(),
                report.expectedEmails());
        System.out.printf("Dead-lettered events:    %d (reasons in the log above and on queue herald.events.dlq)%n",
                report.deadLettered());
        System.out.printf("Failed sends:            %d%n", report.failed());
        System.out.printf("Emails written as .eml:  %s (%d files; open them with any mail client)%n",
                report.mailDir(), report.emlFiles().size());
        System.out.println(report.summaryLine());
        boolean ok = report.deadLettered() == report.malformed() && report.failed() == 0 && report.emails() > 0;
        return ok ? 0 : 1;
    }
}
