package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.herald.app.HeraldConfig;
import dev.herald.app.rules.CampaignRules;
import dev.herald.engine.experiment.GlobalControlGroup;
import dev.herald.engine.experiment.report.GlobalControlReport;
import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.CampaignLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald ab global-control [--since 30d|DATE] [--until DATE] [--json]}. */
@Command(name = "global-control", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What Herald's marketing email as a whole does: the customers in the global control group"
                + " (globalControl in herald-rules.yaml, e.g. 5%%) get no marketing email; over a period, the share"
                + " who bought and the revenue per customer are compared with everyone else's, with 95%% intervals"
                + " (ADR 0066). Read it after the group has been in place for the whole period.",
                "Exit code 0 with a report, 1 without a group or with bad options."})
public class AbGlobalControlCommand implements Callable<Integer> {

    @Option(names = "--since", paramLabel = "DAYS|DATE", defaultValue = "30d",
            description = "Start of the period: a period back (30d, 2w) or a date (2026-11-01, UTC);"
                    + " default ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "End of the period, exclusive (default: now).")
    String until;

    @Option(names = "--share", paramLabel = "SHARE",
            description = "The group's share, e.g. 5%%; default: globalControl of the campaigns folder Herald uses.")
    String share;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        HeraldConfig config = options.load(Map.of());
        Instant now = Instant.now();
        GlobalControlReport report;
        try {
            Instant end = until == null ? now : Periods.date("--until", until);
            Instant start = Periods.since(since, end);
            GlobalControlGroup group = share == null ? configuredGroup(config) : group(share);
            try (AbDatabase db = AbDatabase.openExisting(config)) {
                report = GlobalControlReport.build(db.transactions(), group, start, end);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        if (json) {
            System.out.println(new ObjectMapper().findAndRegisterModules()
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .writerWithDefaultPrettyPrinter().writeValueAsString(report));
            return 0;
        }
        System.out.printf(Locale.ROOT, "Global control group %s, orders from %s to %s%n", report.group().percent(),
                report.since(), report.until());
        System.out.printf(Locale.ROOT, "%-26s %10s %8s %22s %20s%n", "", "customers", "bought", "share (95% interval)",
                "revenue / customer");
        row("gets marketing email", report.treated());
        row("control group", report.control());
        if (report.revenue() != null && report.revenue().ci() != null) {
            System.out.printf(Locale.ROOT, "revenue per customer: %+.2f (95%% interval %+.2f to %+.2f)%n",
                    report.revenue().meanDiff(), report.revenue().ci().low(), report.revenue().ci().high());
        }
        System.out.println(report.verdict());
        return 0;
    }

    private static void row(String label, GlobalControlReport.Arm arm) {
        System.out.printf(Locale.ROOT, "%-26s %10d %8d %7.1f%% (%4.1f–%4.1f%%) %20.2f%n", label, arm.customers(),
                arm.buyers(), 100 * arm.buyerRate(), 100 * arm.buyerRateCi().low(), 100 * arm.buyerRateCi().high(),
                arm.revenuePerCustomer());
    }

    private static GlobalControlGroup group(String share) {
        try {
            return new GlobalControlGroup(GlobalControlGroup.parseShare(share));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--share " + e.getMessage());
        }
    }

    /** The group of the campaigns folder Herald runs with (herald.rules.dir, DATA_DIR/campaigns or built in). */
    private static GlobalControlGroup configuredGroup(HeraldConfig config) {
        var store = CampaignRules.store(config);
        var settings = store.inFolder()
                ? new CampaignLoader(CampaignRules.catalog()).build(store.folder()).settings()
                : CampaignDecisionService.builtIn(CampaignRules.catalog()).holder().current().settings();
        return settings.globalControl();
    }
}
