package dev.herald.rules.campaign;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.RecentSend;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.decision.SegmentMembership;
import dev.herald.engine.decision.TriggerEvent;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared fixtures: a fake catalogue (unit tests only) and situation builders. */
final class TestCampaigns {

    static final Set<String> TEMPLATES = Set.of("welcome", "thank-you", "win-back", "cross-sell", "cart-reminder",
            "cart-last-reminder");
    static final Catalog CATALOG = new Catalog(Catalog.RFM_SEGMENTS, TEMPLATES::contains);
    static final Path EXAMPLES = Path.of("campaigns");
    static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

    private TestCampaigns() {
    }

    static CampaignLoader loader() {
        return new CampaignLoader(CATALOG);
    }

    static CampaignLoader.Loaded load(String... fileAndText) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fileAndText.length; i += 2) {
            files.put(fileAndText[i], fileAndText[i + 1]);
        }
        return loader().load(files);
    }

    static CampaignRuleBase build(String... fileAndText) {
        CampaignLoader.Loaded loaded = load(fileAndText);
        if (!loaded.ok()) {
            throw new AssertionError("unexpected errors: " + loaded.errors());
        }
        return CampaignRuleBase.compile(loaded.campaigns(), loaded.settings());
    }

    static Situation order(String customerId, double total, long orderCount, List<String> segments,
                           List<RecommendationScore> recos, boolean consent, List<RecentSend> sends) {
        return new Situation(new TriggerEvent("e-" + customerId, "order_completed", NOON,
                Map.of("total", BigDecimal.valueOf(total))),
                new CustomerFacts(customerId, "United Kingdom", orderCount, BigDecimal.valueOf(total * orderCount), Map.of()),
                segments.stream().map(s -> new SegmentMembership(customerId, s)).toList(), null, recos,
                consent ? List.of(new ConsentFact(customerId, "email", true)) : List.of(), sends);
    }

    static Situation order(String customerId, double total) {
        return order(customerId, total, 1, List.of(), List.of(), true, List.of());
    }
}
