package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.HeraldConfig;
import dev.herald.app.rules.CampaignRules;
import dev.herald.engine.delivery.CampaignHealth;
import dev.herald.engine.delivery.CampaignPauses;
import dev.herald.engine.delivery.DeliverabilityGuard;
import dev.herald.engine.delivery.DeliverabilityPolicy;
import dev.herald.engine.delivery.Durations;
import dev.herald.rules.campaign.CampaignDefinition;
import dev.herald.rules.campaign.CampaignLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code herald campaigns pause|resume|health|providers}: campaign sending held and released by hand (ADR 0074). */
@Command(name = "campaigns", mixinStandardHelpOptions = true,
        description = {"Pause and resume a campaign's sending, and see how its emails fare.",
                "A paused campaign is still decided, but its emails wait in the outbox, never dropped, until it is"
                        + " resumed. Herald pauses a marketing campaign by itself when too many of its emails bounce"
                        + " or are reported as spam (deliverability in herald-rules.yaml). Every pause and resume is"
                        + " written to the audit log."},
        subcommands = {CampaignsCommand.Pause.class, CampaignsCommand.Resume.class, CampaignsCommand.Health.class,
                CampaignsCommand.Providers.class,
                CommandLine.HelpCommand.class})
public class CampaignsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Hold a campaign's emails in the outbox until it is resumed. Example: herald campaigns pause"
                    + " newsletter --reason 'checking the imported list'")
    static class Pause implements Callable<Integer> {
        @Parameters(paramLabel = "CAMPAIGN", description = "The campaign's id.")
        String campaign;

        @Option(names = "--reason", defaultValue = "", description = "Why, for the record and the console.")
        String reason;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            HeraldConfig config = options.load(Map.of());
            List<String> known = CampaignRules.read(config).campaigns().stream().map(CampaignDefinition::id).toList();
            if (!known.contains(campaign)) {
                System.err.println("no campaign '" + campaign + "'; campaigns: " + String.join(", ", new TreeSet<>(known)));
                return 2;
            }
            try (ImportDatabase db = ImportDatabase.open(config)) {
                boolean paused = new CampaignPauses(db.transactions(), Clock.systemUTC()).pause(campaign,
                        SuppressCommand.actor(), reason.isBlank() ? null : reason);
                if (!paused) {
                    System.out.println(campaign + " was paused already; unchanged");
                    return 1;
                }
                System.out.println("paused " + campaign + ": its emails wait in the outbox until 'herald campaigns"
                        + " resume " + campaign + "'");
                return 0;
            }
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Let a paused campaign send again: the emails it held go now, or with --drop-waiting are"
                    + " kept on record as suppressed and never sent (e.g. when the list was bad).")
    static class Resume implements Callable<Integer> {
        @Parameters(paramLabel = "CAMPAIGN", description = "The campaign's id.")
        String campaign;

        @Option(names = "--drop-waiting", description = "Drop the emails held while it was paused instead of sending"
                + " them.")
        boolean dropWaiting;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
                Optional<CampaignPauses.Resumed> resumed = new CampaignPauses(db.transactions(), Clock.systemUTC())
                        .resume(campaign, SuppressCommand.actor(), dropWaiting);
                if (resumed.isEmpty()) {
                    System.out.println(campaign + " is not paused; unchanged");
                    return 1;
                }
                CampaignPauses.Resumed r = resumed.get();
                System.out.println("resumed " + campaign + ": " + (dropWaiting
                        ? r.discarded() + " waiting email" + (r.discarded() == 1 ? "" : "s") + " dropped (kept as suppressed)"
                        : r.released() + " waiting email" + (r.released() == 1 ? "" : "s") + " released to send now"));
                return 0;
            }
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true,
            description = {"Each campaign's emails, bounces and spam complaints over the deliverability window"
                    + " (a day unless herald-rules.yaml says otherwise), rates above the policy marked with !, and"
                    + " which campaigns are paused, by whom and why."})
    static class Health implements Callable<Integer> {
        @Option(names = "--json", description = "Print one JSON object instead of a table.")
        boolean json;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            HeraldConfig config = options.load(Map.of());
            CampaignLoader.Loaded campaigns = CampaignRules.read(config);
            DeliverabilityPolicy policy = campaigns.settings().deliverability();
            java.util.Set<String> transactional = campaigns.campaigns().stream()
                    .filter(c -> CampaignDefinition.TRANSACTIONAL.equals(c.type())).map(CampaignDefinition::id)
                    .collect(Collectors.toSet());
            Instant now = Instant.now();
            List<CampaignHealth> health;
            List<CampaignPauses.Pause> pauses;
            try (ImportDatabase db = ImportDatabase.open(config)) {
                health = new DeliverabilityGuard(() -> policy, transactional::contains, null)
                        .healthOfAll(db.transactions(), now);
                pauses = new CampaignPauses(db.transactions(), Clock.systemUTC()).list();
            }
            Map<String, CampaignHealth> byCampaign = new LinkedHashMap<>();
            health.forEach(h -> byCampaign.put(h.campaign(), h));
            pauses.forEach(p -> byCampaign.putIfAbsent(p.campaign(), new CampaignHealth(p.campaign(), 0, 0, 0)));
            Map<String, CampaignPauses.Pause> paused = pauses.stream()
                    .collect(Collectors.toMap(CampaignPauses.Pause::campaign, p -> p));
            List<CampaignHealth> rows = new ArrayList<>(byCampaign.values());
            rows.sort(java.util.Comparator.comparing(CampaignHealth::campaign));
            String window = Durations.format(policy.enabled() ? policy.within() : DeliverabilityPolicy.DEFAULT.within());
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode out = mapper.createObjectNode();
                out.put("window", window);
                out.put("policy", policy.describe());
                ArrayNode list = out.putArray("campaigns");
                for (CampaignHealth h : rows) {
                    ObjectNode o = list.addObject();
                    o.put("campaign", h.campaign());
                    o.put("emails", h.emails());
                    o.put("bounced", h.bounced());
                    o.put("bounce_rate", h.bounceRate());
                    o.put("complained", h.complained());
                    o.put("complaint_rate", h.complaintRate());
                    CampaignPauses.Pause p = paused.get(h.campaign());
                    o.put("paused", p != null);
                    if (p != null) {
                        o.put("paused_at", p.pausedAt().toString());
                        o.put("paused_by", p.pausedBy());
                        o.put("reason", p.reason());
                        o.put("waiting", p.held());
                    }
                }
                System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return 0;
            }
            System.out.println("Deliverability over the last " + window + ". Guard: " + policy.describe() + ".");
            if (rows.isEmpty()) {
                System.out.println("no emails sent in that time and no campaign paused");
                return 0;
            }
            int width = Math.max(8, rows.stream().mapToInt(h -> h.campaign().length()).max().orElse(0));
            System.out.printf(Locale.ROOT, "%-" + width + "s %8s  %-16s %-16s %s%n", "campaign", "emails", "bounced",
                    "complained", "state");
            for (CampaignHealth h : rows) {
                boolean bounceHigh = policy.enabled() && h.bounceRate() > policy.maxBounceRate();
                boolean complaintHigh = policy.enabled() && h.complaintRate() > policy.maxComplaintRate();
                CampaignPauses.Pause p = paused.get(h.campaign());
                String state = p == null ? (transactional.contains(h.campaign()) ? "sending (transactional)" : "sending")
                        : "PAUSED since " + p.pausedAt() + " by " + p.pausedBy() + ", " + p.held() + " waiting: "
                        + p.reason();
                System.out.printf(Locale.ROOT, "%-" + width + "s %8d  %-16s %-16s %s%n", h.campaign(), h.emails(),
                        figure(h.bounced(), h.bounceRate(), bounceHigh), figure(h.complained(), h.complaintRate(),
                                complaintHigh), state);
            }
            return 0;
        }

        private static String figure(long count, double rate, boolean high) {
            return count + " (" + DeliverabilityPolicy.percent(rate) + ")" + (high ? " !" : "");
        }
    }

    @Command(name = "providers", mixinStandardHelpOptions = true,
            description = {"Deliverability by mailbox provider (Gmail, Microsoft, Yahoo, Apple, ... and other domains):"
                    + " the emails sent in the period, the share opened and clicked, and the hard bounces and spam"
                    + " complaints received. Each provider judges a sender on its own, so trouble shows at one first:"
                    + " its opens fall (mail in the spam folder is not opened) or its bounces and complaints rise.",
                    "Example: herald campaigns providers --since 30d --campaign newsletter"})
    static class Providers implements Callable<Integer> {
        @Option(names = "--since", defaultValue = "7d", description = "A period back from now (7d, 30d, 12h) or a date"
                + " such as 2026-11-01 (default: ${DEFAULT-VALUE}).")
        String since;

        @Option(names = "--campaign", description = "Only this campaign's emails and reports.")
        String campaign;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            Instant now = Instant.now();
            Instant from;
            try {
                from = Periods.since(since, now);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            List<dev.herald.engine.delivery.MailboxProviderReport.Row> rows;
            try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
                rows = new dev.herald.engine.delivery.MailboxProviderReport(db.transactions()).between(from, now,
                        campaign);
            }
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode out = mapper.createArrayNode();
                for (var r : rows) {
                    ObjectNode o = out.addObject();
                    o.put("provider", r.provider());
                    r.domains().forEach(o.putArray("domains")::add);
                    o.put("emails", r.emails());
                    o.put("opened", r.opened());
                    o.put("open_rate", r.openRate());
                    o.put("clicked", r.clicked());
                    o.put("click_rate", r.clickRate());
                    o.put("bounced", r.bounced());
                    o.put("bounce_rate", r.bounceRate());
                    o.put("complained", r.complained());
                    o.put("complaint_rate", r.complaintRate());
                }
                System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return 0;
            }
            String scope = campaign == null ? "all campaigns" : "campaign " + campaign;
            if (rows.isEmpty()) {
                System.out.println("no emails sent and no bounces or complaints since " + from + " (" + scope + ")");
                return 0;
            }
            System.out.println("By mailbox provider since " + from + " (" + scope + "):");
            int width = Math.max(8, rows.stream().mapToInt(r -> r.provider().length()).max().orElse(0));
            System.out.printf(Locale.ROOT, "%-" + width + "s %8s  %-14s %-14s %-14s %-14s%n", "provider", "emails",
                    "opened", "clicked", "bounced", "complained");
            for (var r : rows) {
                System.out.printf(Locale.ROOT, "%-" + width + "s %8d  %-14s %-14s %-14s %-14s%n", r.provider(),
                        r.emails(), share(r.opened(), r.openRate()), share(r.clicked(), r.clickRate()),
                        share(r.bounced(), r.bounceRate()), share(r.complained(), r.complaintRate()));
            }
            return 0;
        }

        private static String share(long count, double rate) {
            return count + " (" + DeliverabilityPolicy.percent(rate) + ")";
        }
    }
}
