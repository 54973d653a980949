package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.HeraldConfig;
import dev.herald.app.rules.CampaignRules;
import dev.herald.engine.scoring.EngagementSegment;
import dev.herald.engine.scoring.ScoringPolicy;
import dev.herald.engine.scoring.ScoringService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald segment engagement}: score every customer's engagement now and store it (ADR 0075). */
@Command(name = "engagement", mixinStandardHelpOptions = true,
        description = {"Score every customer's engagement from their opens and clicks of Herald's emails, their visits,"
                + " products, carts, checkouts and orders: each action is worth its points (scoring: in"
                + " herald-rules.yaml), halved every half-life since. Stores engagement_score, which campaign"
                + " conditions may test (e.g. engagement_score >= 30), and the segments Very engaged, Engaged and"
                + " Not engaged; a move between them is a segment_changed event.",
                "A running Herald does the same every herald.scoring.period (1h). Prints the policy, the customers"
                        + " per segment and the most engaged.",
                "Example: herald segment engagement --top 5"})
public class SegmentEngagementCommand implements Callable<Integer> {

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Most engaged customers to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        HeraldConfig config = options.load(Map.of());
        ScoringPolicy policy = CampaignRules.read(config).settings().scoring();
        if (!policy.enabled()) {
            System.err.println("engagement scoring is off (scoring: off in herald-rules.yaml): nothing scored");
            return 1;
        }
        ScoringService.Result result;
        try (ImportDatabase db = ImportDatabase.open(config)) {
            result = new ScoringService(db.transactions()).scoreAll(policy, Instant.now());
        }
        System.out.println("Scoring: " + policy.describe() + ".");
        System.out.printf(Locale.ROOT, "%,d customers scored (%.2f s); %,d segment changes%n", result.scores().size(),
                result.seconds(), result.changes().size());
        for (EngagementSegment segment : EngagementSegment.values()) {
            System.out.printf(Locale.ROOT, "  %-13s %,8d%n", segment.label(), result.bands().getOrDefault(segment, 0));
        }
        if (top > 0 && !result.scores().isEmpty()) {
            System.out.printf(Locale.ROOT, "%-20s %10s  %s%n", "customer", "score", "segment");
            result.scores().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(top).forEach(e -> System.out.printf(Locale.ROOT, "%-20s %10.2f  %s%n", e.getKey(),
                            e.getValue(), EngagementSegment.of(e.getValue(), policy).label()));
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("as_of", result.asOf().toString());
            out.put("customers", result.scores().size());
            for (EngagementSegment segment : EngagementSegment.values()) {
                String key = switch (segment) {
                    case VERY -> "very_engaged";
                    case ENGAGED -> "engaged";
                    case NOT -> "not_engaged";
                };
                out.put(key, result.bands().getOrDefault(segment, 0));
            }
            out.put("segment_changes", result.changes().size());
            out.put("seconds", result.seconds());
            System.out.println(mapper.writeValueAsString(out));
        }
        return 0;
    }
}
