package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.privacy.PrivacyService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald privacy export|erase|retention}: a customer's rights of access and erasure, and storage limitation. */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = {"A customer's personal data: 'export' prints everything Herald holds about them as JSON"
                + " (profile, attributes, orders, consent, suppression, bounces, emails, opens and clicks,"
                + " experiment exposures, segments, audit entries); 'erase' removes or anonymises it everywhere,"
                + " keeping aggregate counts (see docs/decisions/0020). Also over HTTP: GET /v1/privacy/export/ID,"
                + " POST /v1/privacy/erase/ID with the API key. 'retention' removes behavioural data older than the"
                + " retention period."},
        subcommands = {PrivacyCommand.Export.class, PrivacyCommand.Erase.class, PrivacyCommand.Retention.class,
                CommandLine.HelpCommand.class})
public class PrivacyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Everything Herald holds about a customer, as one JSON document.")
    static class Export implements Callable<Integer> {
        @Parameters(paramLabel = "CUSTOMER", description = "The customer id.")
        String customerId;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path out;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> data;
            try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
                data = new PrivacyService(db.transactions(), Clock.systemUTC()).export(customerId);
            } catch (PrivacyService.UnknownCustomerException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(data);
            if (out != null) {
                Files.writeString(out, json + "\n");
                System.out.println("wrote the personal data of " + customerId + " to " + out);
            } else {
                System.out.println(json);
            }
            return 0;
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = "Erase a customer's personal data: the profile's email and name, attributes, consent"
                    + " and email contents go; orders, sends and engagement stay under a pseudonym nothing links"
                    + " back to; a suppression entry keeps only the address hash. Cannot be undone.")
    static class Erase implements Callable<Integer> {
        @Parameters(paramLabel = "CUSTOMER", description = "The customer id.")
        String customerId;

        @Option(names = "--yes", description = "Confirm; without it nothing is erased.")
        boolean yes;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            if (!yes) {
                System.err.println("erasing " + customerId + " cannot be undone: repeat with --yes to go ahead");
                return 2;
            }
            try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
                PrivacyService.Erasure erasure = new PrivacyService(db.transactions(), Clock.systemUTC())
                        .erase(customerId, SuppressCommand.actor());
                System.out.println("erased " + customerId + "; kept records now belong to " + erasure.pseudonym());
                erasure.rowsChanged().forEach((table, n) -> System.out.printf("  %-20s %d row(s)%n", table, n));
                return 0;
            } catch (PrivacyService.UnknownCustomerException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "retention", mixinStandardHelpOptions = true,
            description = {"Remove behavioural data older than the retention period (storage limitation): activity"
                    + " events (pages, products, carts), opens and clicks, bounce and complaint reports, and the"
                    + " personal data finished emails and ended journeys were rendered from. Customers, orders and"
                    + " conversions, consent, suppressions, unsubscribes, the audit log, waiting emails and running"
                    + " journeys are kept. A running Herald does this daily when herald.retention.period is set.",
                    "Example: herald privacy retention --period 730d --dry-run"})
    static class Retention implements Callable<Integer> {
        @Option(names = "--period", paramLabel = "DURATION",
                description = "Keep this long (at least 90d, e.g. 730d); default: herald.retention.period.")
        String period;

        @Option(names = "--dry-run", description = "Only count what would be removed.")
        boolean dryRun;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            dev.herald.app.HeraldConfig config = options.load(Map.of());
            java.util.Optional<java.time.Duration> keep;
            try {
                keep = dev.herald.routes.RetentionRoutes.period(period != null ? period
                        : config.get(dev.herald.app.HeraldConfig.RETENTION_PERIOD));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage().replace("setting herald.retention.period", "--period"));
                return 2;
            }
            if (keep.isEmpty()) {
                System.err.println("no retention period: give --period (e.g. 730d) or set herald.retention.period");
                return 2;
            }
            dev.herald.engine.privacy.RetentionService.Result result;
            try (ImportDatabase db = ImportDatabase.open(config)) {
                result = new dev.herald.engine.privacy.RetentionService(db.transactions()).apply(keep.get(),
                        java.time.Instant.now(), dryRun, SuppressCommand.actor());
            }
            System.out.println((dryRun ? "Would remove" : "Removed") + " what is older than " + result.cutOff() + ":");
            result.rows().forEach((kind, n) -> System.out.printf(java.util.Locale.ROOT, "  %-30s %,12d%n", kind, n));
            return 0;
        }
    }
}
