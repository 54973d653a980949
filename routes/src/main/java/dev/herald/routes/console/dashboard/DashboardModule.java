package dev.herald.routes.console.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.dashboard.DashboardQueries;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The console's first page, for every role: events/s and emails/s over the last minute, the dead-letter queue's
 * depth, the rule base version, totals, and a sparkline of emails per minute over the last hour. The page shows the
 * numbers as rendered; {@code static/dashboard.js} then refreshes them every few seconds from
 * {@code /console/dashboard.json}.
 */
public final class DashboardModule implements ConsoleModule {

    /**
     * How long the numbers are reused: just under the page's refresh period, so however many browsers have the
     * dashboard open, the database counts (the hour's series, the totals: a full count on PostgreSQL) at most once per
     * period.
     */
    private static final long MAX_AGE_NANOS = 4_000_000_000L;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DashboardQueries queries;
    private final LongSupplier deadLetterDepth;
    private final Supplier<String> ruleBaseVersion;
    private record Numbers(Map<String, Object> values, long madeAt) {
    }

    private volatile Numbers cached;
    private dev.herald.engine.delivery.CampaignPauses pauses;
    private dev.herald.routes.LinkCheckRoutes.Latest links;

    /**
     * @param deadLetterDepth messages on the dead-letter queue, -1 when unknown (e.g. {@link JmsQueueDepth})
     * @param ruleBaseVersion the version of the campaigns in force
     */
    public DashboardModule(DashboardQueries queries, LongSupplier deadLetterDepth, Supplier<String> ruleBaseVersion) {
        this.queries = queries;
        this.deadLetterDepth = deadLetterDepth;
        this.ruleBaseVersion = ruleBaseVersion;
    }

    /** Shows, above the numbers, the campaigns whose sending is paused and why (ADR 0074): a pause must be seen. */
    public DashboardModule withPauses(dev.herald.engine.delivery.CampaignPauses pauses) {
        this.pauses = pauses;
        return this;
    }

    /** Shows the bad links of the latest scheduled template link check (ADR 0076), once one ran. */
    public DashboardModule withLinkCheck(dev.herald.routes.LinkCheckRoutes.Latest latest) {
        this.links = latest;
        return this;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Dashboard", "/dashboard", 10, ConsoleRouter.ANY_ROLE);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        router.get("/dashboard", ConsoleRouter.ANY_ROLE, request -> {
            Map<String, Object> numbers = numbers();
            Map<String, Object> model = new LinkedHashMap<>(numbers);
            model.put("refreshUrl", request.base() + "/dashboard.json");
            model.put("sparklineWidth", Sparkline.WIDTH);
            model.put("sparklineHeight", Sparkline.HEIGHT);
            if (pauses != null) {
                java.util.List<Map<String, Object>> paused = pauses.list().stream().map(p -> Map.<String, Object>of(
                        "campaign", p.campaign(),
                        "href", "/campaigns/" + java.net.URLEncoder.encode(p.campaign(),
                                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
                        "sentence", dev.herald.routes.console.campaigns.PauseText.sentence(p))).toList();
                model.put("paused", paused);
                model.put("hasPaused", paused.isEmpty() ? null : true);
                model.put("pausedCount", paused.size() == 1 ? "1 campaign is" : paused.size() + " campaigns are");
            }
            if (links != null && links.at().isPresent()) {
                List<dev.herald.routes.LinkCheckRoutes.BadLink> bad = links.bad();
                model.put("linkCheck", Map.of(
                        "at", TIME.format(links.at().get()),
                        "summary", bad.isEmpty() ? "every link answered" : bad.size() == 1 ? "1 link is broken or"
                                + " unreachable" : bad.size() + " links are broken or unreachable",
                        "bad", bad.stream().map(b -> Map.of("template", b.template(), "url", b.url(),
                                "what", b.outcome().toLowerCase(Locale.ROOT) + (b.status() != null ? " " + b.status()
                                        : b.reason() != null ? " (" + b.reason() + ")" : ""))).toList(),
                        "clean", bad.isEmpty()));
            }
            return view.page(request, "Dashboard", "dashboard/dashboard", model);
        });
        router.get("/dashboard.json", ConsoleRouter.ANY_ROLE, request ->
                ConsoleResponse.bytes(200, "application/json", JSON.writeValueAsBytes(numbers()))
                        .header("Cache-Control", "no-store"));
    }

    /** The numbers, counted afresh when the last count is older than {@link #MAX_AGE_NANOS}. */
    Map<String, Object> numbers() {
        Numbers n = cached;
        long now = System.nanoTime();
        if (n == null || now - n.madeAt() > MAX_AGE_NANOS) {
            n = new Numbers(count(), now);
            cached = n;
        }
        return n.values();
    }

    /** Raw numbers for scripts, and {@code display}: the same numbers formatted as the page shows them. */
    private Map<String, Object> count() {
        DashboardQueries.Snapshot s = queries.snapshot();
        long[] perMinute = queries.emailsPerMinute();
        long deadLetters = deadLetterDepth.getAsLong();
        String version = ruleBaseVersion.get();
        long peak = 0;
        long lastHour = 0;
        for (long v : perMinute) {
            peak = Math.max(peak, v);
            lastHour += v;
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("at", s.at().toString());
        raw.put("eventsPerSecond", s.eventsPerSecond());
        raw.put("emailsPerSecond", s.emailsPerSecond());
        raw.put("deadLetters", deadLetters);
        raw.put("ruleBaseVersion", version);
        raw.put("eventsTotal", s.eventsTotal());
        raw.put("customers", s.customers());
        raw.put("emailsSent", s.emailsSent());
        raw.put("emailsQueued", s.emailsQueued());
        raw.put("emailsFailed", s.emailsFailed());
        raw.put("emailsSuppressed", s.emailsSuppressed());
        raw.put("emailsPerMinute", perMinute);
        raw.put("sparklinePoints", Sparkline.points(perMinute));

        Map<String, String> display = new LinkedHashMap<>();
        display.put("at", TIME.format(s.at()));
        display.put("eventsPerSecond", rate(s.eventsPerSecond()));
        display.put("emailsPerSecond", rate(s.emailsPerSecond()));
        display.put("deadLetters", deadLetters(deadLetters));
        display.put("ruleBaseVersion", version == null || version.isBlank() ? "none" : version);
        display.put("eventsTotal", count(s.eventsTotal()));
        display.put("customers", count(s.customers()));
        display.put("emailsSent", count(s.emailsSent()));
        display.put("emailsQueued", count(s.emailsQueued()));
        display.put("emailsFailed", count(s.emailsFailed()));
        display.put("emailsSuppressed", count(s.emailsSuppressed()));
        display.put("emailsLastHour", count(lastHour));
        display.put("peakPerMinute", count(peak));
        raw.put("display", display);
        return raw;
    }

    private String deadLetters(long depth) {
        if (depth < 0) {
            return "unavailable";
        }
        if (deadLetterDepth instanceof JmsQueueDepth browsed && depth >= browsed.cap()) {
            return count(depth) + "+";
        }
        return count(depth);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f" : "%,.1f", perSecond);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
