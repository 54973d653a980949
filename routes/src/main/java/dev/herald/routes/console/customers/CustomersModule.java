package dev.herald.routes.console.customers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.herald.engine.customer.CustomerDirectory;
import dev.herald.engine.privacy.PrivacyService;
import dev.herald.engine.reco.RecommendationFacts;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Customers in the console: search, a profile (attributes, segments, RFM, recommendations with the reason for
 * each, consent and its history, a timeline of events, orders, activity, emails and engagement), the export of
 * everything held (the JSON of {@link PrivacyService#export}) and, for admins only, erasure after a confirmation
 * step (audited by {@link PrivacyService#erase} under the admin's name).
 */
public final class CustomersModule implements ConsoleModule {

    private static final Logger LOG = LoggerFactory.getLogger(CustomersModule.class);
    static final Set<ConsoleRole> READERS = EnumSet.of(ConsoleRole.MARKETER, ConsoleRole.ANALYST);
    static final Set<ConsoleRole> ERASERS = EnumSet.of(ConsoleRole.ADMIN);
    static final int TIMELINE_ENTRIES = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CustomerDirectory directory;
    private final PrivacyService privacy;
    private final Function<String, RecommendationFacts> recommendations;

    /**
     * @param recommendations the customer's current recommendations (the live recommendation service), or null
     *                        when Herald runs without one
     */
    public CustomersModule(CustomerDirectory directory, PrivacyService privacy,
                           Function<String, RecommendationFacts> recommendations) {
        this.directory = directory;
        this.privacy = privacy;
        this.recommendations = recommendations;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Customers", "/customers", 50, READERS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        router.get("/customers", READERS, request -> search(view, request));
        router.get("/customers/{id}", READERS, request -> profile(view, request));
        router.get("/customers/{id}/export", READERS, this::export);
        router.get("/customers/{id}/erase", ERASERS, request -> confirmErase(view, request, null));
        router.post("/customers/{id}/erase", ERASERS, request -> erase(view, request));
    }

    private ConsoleResponse search(ConsoleView view, ConsoleRequest request) {
        String q = request.query("q");
        int page = parsePage(request.query("page"));
        CustomerDirectory.Page result = directory.search(q, page);
        List<Map<String, Object>> rows = result.rows().stream().map(c -> {
            Map<String, Object> row = new HashMap<>();
            row.put("id", c.id());
            row.put("href", "/customers/" + pathSegment(c.id()));
            row.put("email", c.email());
            row.put("name", c.name());
            row.put("orders", c.orderCount());
            row.put("spend", money(c.lifetimeSpend()));
            row.put("segment", c.rfmSegment());
            row.put("updated", time(c.updatedAt()));
            return row;
        }).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("q", result.query());
        model.put("rows", rows);
        model.put("none", rows.isEmpty());
        model.put("pageNumber", result.page() + 1);
        String qParam = URLEncoder.encode(result.query(), StandardCharsets.UTF_8);
        if (result.page() > 0) {
            model.put("previous", "/customers?q=" + qParam + "&page=" + (result.page() - 1));
        }
        if (result.hasMore()) {
            model.put("next", "/customers?q=" + qParam + "&page=" + (result.page() + 1));
        }
        model.put("erased", request.query("erased"));
        return view.page(request, "Customers", "customers/search", model);
    }

    private ConsoleResponse profile(ConsoleView view, ConsoleRequest request) {
        String id = request.pathParameter("id");
        var found = directory.profile(id);
        if (found.isEmpty()) {
            return view.error(request, 404, "No such customer", "There is no customer with id " + id
                    + " (an erased customer is no longer known by their id).");
        }
        CustomerDirectory.Profile p = found.get();
        Map<String, Object> model = new HashMap<>();
        model.put("id", p.id());
        model.put("idPath", pathSegment(p.id()));
        model.put("email", p.email());
        model.put("name", p.name());
        model.put("orders", p.orderCount());
        model.put("spend", money(p.lifetimeSpend()));
        model.put("created", time(p.createdAt()));
        model.put("updated", time(p.updatedAt()));
        model.put("timeZone", p.timeZone());
        model.put("locale", p.locale() == null ? null : p.locale().toLanguageTag());
        p.readingHour().ifPresent(h -> model.put("readingHour", String.format("%02d:00–%02d:00 %s (from %d opens"
                + " and clicks)", h.hour(), (h.hour() + 1) % 24, h.zone().getId(), h.signals())));
        p.lastEngagedAt().ifPresent(at -> model.put("lastEngaged", time(at)));
        nextNinetyDays(p.attributes()).ifPresent(text -> model.put("prediction", text));
        engagement(p.attributes(), p.segments().stream().filter(m -> m.scheme().equals(
                dev.herald.engine.scoring.ScoringService.SCHEME)).map(m -> m.segment()).findFirst().orElse(null))
                .ifPresent(text -> model.put("engagement", text));
        model.put("attributes", p.attributes().stream().map(a -> Map.of("name", a.name(), "value", a.value(),
                "source", a.source() == null ? "" : a.source(), "updated", time(a.updatedAt()))).toList());
        model.put("segments", p.segments().stream().map(s -> Map.of("scheme", s.scheme(), "segment", s.segment(),
                "since", time(s.since()))).toList());
        p.rfm().ifPresent(r -> {
            Map<String, Object> rfm = new HashMap<>();
            rfm.put("segment", r.segment());
            rfm.put("recency", r.recencyDays());
            rfm.put("frequency", r.frequency());
            rfm.put("monetary", money(r.monetary()));
            rfm.put("scores", r.r() + "-" + r.f() + "-" + r.m());
            rfm.put("asOf", time(r.asOf()));
            model.put("rfm", rfm);
        });
        model.put("consents", p.consents().stream().map(c -> Map.of("channel", c.channel(),
                "status", c.status().name().toLowerCase(Locale.ROOT), "granted",
                c.status() == dev.herald.engine.consent.ConsentService.Status.GRANTED, "source", c.source(),
                "updated", time(c.updatedAt()), "confirmed", time(c.confirmedAt()))).toList());
        // one consent store (ADR 0034): identify events and imports write consent records too
        model.put("noConsent", p.consents().isEmpty());
        model.put("topicsLeft", String.join(", ", p.topicsLeft()));
        model.put("hasTopicsLeft", !p.topicsLeft().isEmpty());
        model.put("consentHistory", p.consentHistory().stream().map(h -> Map.of("at", time(h.at()), "actor",
                h.actor(), "action", h.action(), "detail", h.detail())).toList());
        p.suppression().ifPresent(s -> model.put("suppression", Map.of("reason",
                s.reason().name().toLowerCase(Locale.ROOT), "source", s.source(),
                "since", time(s.suppressedAt()))));
        List<Map<String, Object>> recos = recommendations(p.id());
        model.put("recommendations", recos);
        model.put("hasRecommendations", !recos.isEmpty());
        model.put("hasAttributes", !p.attributes().isEmpty());
        model.put("hasHistory", !p.consentHistory().isEmpty());
        model.put("recoOff", recommendations == null);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (CustomerDirectory.TimelineEntry e : directory.timeline(p.id(), TIMELINE_ENTRIES)) {
            timeline.add(Map.of("at", time(e.at()), "kind", e.kind(), "title", e.title(), "detail", e.detail()));
        }
        model.put("timeline", timeline);
        model.put("timelineLimit", TIMELINE_ENTRIES);
        model.put("canErase", request.user().role() == ConsoleRole.ADMIN);
        return view.page(request, p.name() == null || p.name().isBlank() ? "Customer " + p.id() : p.name(),
                "customers/profile", model);
    }

    private List<Map<String, Object>> recommendations(String customerId) {
        if (recommendations == null) {
            return List.of();
        }
        try {
            RecommendationFacts facts = recommendations.apply(customerId);
            List<Map<String, Object>> out = new ArrayList<>();
            int rank = 1;
            for (RecommendationFacts.Product product : facts.products()) {
                Map<String, Object> row = new HashMap<>();
                row.put("rank", rank++);
                row.put("productId", product.productId());
                row.put("name", product.name());
                row.put("category", product.category() == null ? "" : product.category());
                row.put("score", String.format(Locale.ROOT, "%.2f", product.score()));
                row.put("reason", product.reason());
                row.put("algorithm", facts.algorithm());
                out.add(row);
            }
            return out;
        } catch (RuntimeException e) {
            // the profile still shows; the recommendation block says it could not be computed
            LOG.warn("recommendations for customer {} failed: {}", customerId, e.getMessage());
            return List.of();
        }
    }

    private ConsoleResponse export(ConsoleRequest request) throws Exception {
        String id = request.pathParameter("id");
        Map<String, Object> data;
        try {
            data = privacy.export(id);
        } catch (PrivacyService.UnknownCustomerException e) {
            return ConsoleResponse.text(404, "text/plain; charset=UTF-8", e.getMessage());
        }
        LOG.info("console user {} exported customer {}", request.user().name(), id);
        String file = "customer-" + id.replaceAll("[^\\w.-]", "_") + ".json";
        return ConsoleResponse.bytes(200, "application/json", JSON.writeValueAsBytes(data))
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store");
    }

    private ConsoleResponse confirmErase(ConsoleView view, ConsoleRequest request, String error) {
        String id = request.pathParameter("id");
        var found = directory.profile(id);
        if (found.isEmpty()) {
            return view.error(request, 404, "No such customer", "There is no customer with id " + id + ".");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("id", id);
        model.put("idPath", pathSegment(id));
        model.put("name", found.get().name());
        model.put("email", found.get().email());
        model.put("error", error);
        return view.page(request, error == null ? 200 : 400, "Erase customer " + id, "customers/erase", model);
    }

    private ConsoleResponse erase(ConsoleView view, ConsoleRequest request) {
        String id = request.pathParameter("id");
        String typed = request.form("confirm");
        if (typed == null || !typed.strip().equals(id)) {
            return confirmErase(view, request, "Type the customer id exactly to confirm the erasure.");
        }
        PrivacyService.Erasure erasure;
        try {
            erasure = privacy.erase(id, "console:" + request.user().name());
        } catch (PrivacyService.UnknownCustomerException e) {
            return view.error(request, 404, "No such customer", e.getMessage());
        }
        LOG.info("console user {} erased customer {} (pseudonym {})", request.user().name(), id, erasure.pseudonym());
        return ConsoleResponse.redirect("/customers?erased=" + URLEncoder.encode(erasure.pseudonym(),
                StandardCharsets.UTF_8));
    }

    /**
     * The lifetime model's predictions (ADR 0072) in words, "72 % chance to buy · 1.3 orders · 45.20 expected (as of
     * 2026-11-25)", when {@code herald lifetime predict} has stored them.
     */
    static java.util.Optional<String> nextNinetyDays(List<CustomerDirectory.Attribute> attributes) {
        Map<String, CustomerDirectory.Attribute> byName = new HashMap<>();
        attributes.forEach(a -> byName.put(a.name(), a));
        CustomerDirectory.Attribute chance = byName.get("purchase_probability_90d");
        CustomerDirectory.Attribute orders = byName.get("expected_orders_90d");
        if (chance == null || orders == null) {
            return java.util.Optional.empty();
        }
        try {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.0f %% chance to buy · %.1f orders",
                    100 * Double.parseDouble(chance.value()), Double.parseDouble(orders.value())));
            CustomerDirectory.Attribute spend = byName.get("expected_spend_90d");
            if (spend != null) {
                text.append(String.format(Locale.ROOT, " · %,.2f expected", Double.parseDouble(spend.value())));
            }
            if (chance.updatedAt() != null) {
                text.append(" (as of ").append(chance.updatedAt().toString(), 0, 10).append(')');
            }
            return java.util.Optional.of(text.toString());
        } catch (NumberFormatException e) {
            return java.util.Optional.empty(); // not written by the model: the attribute list shows it as it is
        }
    }

    /** Engagement scoring's figure (ADR 0075) in words, "19.0 · Engaged (as of 2026-11-25)", once it has scored them. */
    static java.util.Optional<String> engagement(List<CustomerDirectory.Attribute> attributes, String segment) {
        for (CustomerDirectory.Attribute a : attributes) {
            if (a.name().equals(dev.herald.engine.scoring.ScoringService.ATTRIBUTE)) {
                try {
                    String text = String.format(Locale.ROOT, "%.1f", Double.parseDouble(a.value()))
                            + (segment == null ? "" : " · " + segment)
                            + (a.updatedAt() == null ? "" : " (as of " + a.updatedAt().toString().substring(0, 10) + ")");
                    return java.util.Optional.of(text);
                } catch (NumberFormatException e) {
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.empty();
    }

    static int parsePage(String page) {
        try {
            return page == null ? 0 : Math.max(0, Math.min(100_000, Integer.parseInt(page.strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A customer id as one path segment (ids may hold any character). */
    /** A customer id as one URL path segment (spaces as %20, not +). */
    public static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String money(BigDecimal amount) {
        return amount == null ? "" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A time as the console shows it (UTC, to the second). */
    public static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }
}
