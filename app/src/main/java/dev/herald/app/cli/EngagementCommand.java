package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.engagement.EngagementReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald engagement}: what campaigns' emails led to. */
@Command(name = "engagement", mixinStandardHelpOptions = true,
        description = {"Per campaign and variant: emails sent and suppressed, opened and clicked (each email once),"
                + " unsubscribes, and conversions with revenue (an order within 7 days of the customer's last click,"
                + " else of the last email sent). Opens are approximate: many mail clients block or prefetch images.",
                "A/B statistics with intervals: herald ab report --campaign ID --metric open|click|conversion.",
                "The console's Reports page shows the same figures by period with a daily chart."})
public class EngagementCommand implements Callable<Integer> {

    @Option(names = "--campaign", paramLabel = "ID", description = "Only this campaign.")
    String campaign;

    @Option(names = "--since", paramLabel = "DAYS|DATE", description = "Only emails queued since then, and what they"
            + " led to: a period back (30d, 2w) or a date (2026-11-01, UTC); default: all.")
    String since;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        List<EngagementReport.Line> lines;
        Instant from;
        try {
            from = since == null ? null : Periods.since(since, Instant.now());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
            lines = EngagementReport.build(db.transactions(), campaign, from);
        }
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(lines));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-28s %-8s %7s %10s %7s %7s %7s %8s %11s %12s%n", "campaign", "variant", "sent",
                "suppressed", "opened", "clicked", "unsub", "convert", "revenue", "open/click");
        for (EngagementReport.Line l : lines) {
            System.out.printf(Locale.ROOT, "%-28s %-8s %7d %10d %7d %7d %7d %8d %11s %5.1f%%/%4.1f%%%n", l.campaign(),
                    l.variant(), l.sent(), l.suppressed(), l.opened(), l.clicked(), l.unsubscribed(), l.conversions(),
                    l.revenue().toPlainString(), 100 * l.openRate(), 100 * l.clickRate());
        }
        if (lines.isEmpty()) {
            System.out.println("no emails on record" + (campaign == null ? "" : " for campaign " + campaign)
                    + (from == null ? "" : " since " + from));
        }
        return 0;
    }
}
