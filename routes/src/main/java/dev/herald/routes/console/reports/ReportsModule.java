package dev.herald.routes.console.reports;

import dev.herald.engine.delivery.TemplateRenderer;
import dev.herald.engine.engagement.EngagementReport;
import dev.herald.engine.experiment.report.ReportFormat;
import dev.herald.engine.persistence.Transactions;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;
import dev.herald.routes.console.templates.PreviewModels;
import dev.herald.routes.console.templates.TemplatesModule;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Campaign performance in the console: for the last 7, 30, 90 or 365 days, every campaign's emails sent and
 * suppressed, open, click, click-to-open and unsubscribe rates, conversions and revenue, with a daily chart; one
 * campaign's variants side by side; and the same figures as CSV for a spreadsheet. Rates are shares of the emails
 * queued in the period (what those emails led to, whenever it happened), so they never exceed 100 %; the chart shows
 * each day's activity. With {@link #withClickMap}, a campaign's page also shows its click map: the campaign's
 * template rendered for a sample customer with a badge by each link, the emails of the period with a click on it
 * and their share of the emails sent ({@link ClickMap}), in a sandboxed frame under the template preview's policy.
 * Marketers and analysts read.
 */
public final class ReportsModule implements ConsoleModule {

    static final Set<ConsoleRole> READERS = EnumSet.of(ConsoleRole.MARKETER, ConsoleRole.ANALYST);
    static final List<Integer> PERIODS = List.of(7, 30, 90, 365);
    static final int DEFAULT_PERIOD = 30;
    static final int TOP_LINKS = 10;
    /** The most clicked URLs a click map looks up, more than any email has links. */
    static final int CLICK_MAP_LINKS = 1000;

    private final Transactions transactions;
    private final Clock clock;
    private ConsoleView view;
    private volatile Function<String, Optional<String>> templateOf;
    private volatile TemplateRenderer renderer;

    public ReportsModule(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Shows a click map on each campaign's page.
     *
     * @param templateOf the template key a campaign sends (from the live rule base), empty for a campaign it does
     *                   not know
     * @param renderer   the live templates
     */
    public ReportsModule withClickMap(Function<String, Optional<String>> templateOf, TemplateRenderer renderer) {
        this.templateOf = java.util.Objects.requireNonNull(templateOf, "templateOf");
        this.renderer = java.util.Objects.requireNonNull(renderer, "renderer");
        return this;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Reports", "/reports", 45, READERS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        this.view = view;
        router.get("/reports", READERS, this::overview);
        router.get("/reports.csv", READERS, this::csv);
        router.get("/reports/{campaign}", READERS, this::campaign);
        router.get("/reports/{campaign}/clickmap.html", READERS, this::clickMapFrame);
    }

    private ConsoleResponse overview(ConsoleRequest request) {
        int days = period(request);
        LocalDate from = from(days);
        List<EngagementReport.Line> lines = EngagementReport.build(transactions, null,
                from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, List<EngagementReport.Line>> byCampaign = byCampaign(lines);
        // the period before, as long, for the change in each rate
        List<EngagementReport.Line> before = EngagementReport.build(transactions, null,
                from.minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant(),
                from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, List<EngagementReport.Line>> beforeByCampaign = byCampaign(before);
        List<Map<String, Object>> rows = new ArrayList<>();
        byCampaign.forEach((campaign, variants) -> {
            Map<String, Object> row = row(EngagementReport.Line.total(campaign, variants));
            changes(row, EngagementReport.Line.total(campaign, variants), beforeByCampaign.containsKey(campaign)
                    ? EngagementReport.Line.total(campaign, beforeByCampaign.get(campaign)) : null);
            row.put("href", "/reports/" + path(campaign) + "?period=" + days + "d");
            row.put("variants", variants.size());
            rows.add(row);
        });
        Map<String, Object> model = common(days, from, null);
        model.put("rows", rows);
        model.put("hasRows", !rows.isEmpty());
        Map<String, Object> total = row(EngagementReport.Line.total("All campaigns", lines));
        changes(total, EngagementReport.Line.total("All campaigns", lines),
                before.isEmpty() ? null : EngagementReport.Line.total("All campaigns", before));
        model.put("total", total);
        model.put("previousDays", days);
        return view.page(request, "Reports", "reports/index", model);
    }

    private static Map<String, List<EngagementReport.Line>> byCampaign(List<EngagementReport.Line> lines) {
        return lines.stream().collect(Collectors.groupingBy(EngagementReport.Line::campaign, java.util.TreeMap::new,
                Collectors.toList()));
    }

    /** The change in open and click rate from the period before, in percentage points (none without emails then). */
    static void changes(Map<String, Object> row, EngagementReport.Line now, EngagementReport.Line before) {
        boolean comparable = before != null && before.sent() > 0 && now.sent() > 0;
        row.put("openChange", comparable ? points(now.openRate() - before.openRate()) : null);
        row.put("clickChange", comparable ? points(now.clickRate() - before.clickRate()) : null);
    }

    /** "+2.1 pts", "−0.4 pts", "±0.0 pts". */
    static String points(double difference) {
        double rounded = Math.round(difference * 1000) / 10.0;
        return (rounded > 0 ? "+" : rounded < 0 ? "−" : "±") + String.format(Locale.ROOT, "%.1f pts",
                Math.abs(rounded));
    }

    private ConsoleResponse campaign(ConsoleRequest request) {
        String campaign = request.pathParameter("campaign");
        int days = period(request);
        LocalDate from = from(days);
        List<EngagementReport.Line> lines = EngagementReport.build(transactions, campaign,
                from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Object> model = common(days, from, campaign);
        model.put("campaign", campaign);
        model.put("rows", lines.stream().map(ReportsModule::row).toList());
        model.put("hasRows", !lines.isEmpty());
        model.put("total", row(EngagementReport.Line.total(campaign, lines)));
        long sent = lines.stream().mapToLong(EngagementReport.Line::sent).sum();
        model.put("links", EngagementReport.topLinks(transactions, campaign, from.atStartOfDay(ZoneOffset.UTC)
                .toInstant(), TOP_LINKS).stream().map(l -> Map.of("url", l.url(), "emails", ReportFormat.count(l.emails()),
                "share", share(l.emails(), sent))).toList());
        model.put("clickMapOn", templateOf != null);
        if (templateOf != null) {
            ClickMapOutcome map = clickMap(campaign, from.atStartOfDay(ZoneOffset.UTC).toInstant(), sent);
            model.put("clickMapProblem", map.problem());
            model.put("clickMap", map.result() == null ? null : clickMapModel(request, campaign, days, sent, map));
        }
        return view.page(request, "Report: " + campaign, "reports/campaign", model);
    }

    private static String share(long emails, long sent) {
        return ReportFormat.percent(sent == 0 ? null : (double) emails / sent);
    }

    /** A campaign's click map, or why it has none. */
    private record ClickMapOutcome(String template, ClickMap.Result result, String problem) {
    }

    private ClickMapOutcome clickMap(String campaign, Instant since, long sent) {
        Optional<String> template = templateOf.apply(campaign);
        if (template.isEmpty()) {
            return new ClickMapOutcome(null, null, "No click map: campaign " + campaign + " is not in the rule base,"
                    + " so its template is not known.");
        }
        String html;
        try {
            html = renderer.render(template.get(), PreviewModels.sample(campaign, false)).html();
        } catch (RuntimeException e) {
            return new ClickMapOutcome(template.get(), null, "No click map: template " + template.get()
                    + " does not render (" + e.getMessage() + ").");
        }
        List<EngagementReport.Link> clicked = EngagementReport.topLinks(transactions, campaign, since,
                CLICK_MAP_LINKS);
        return new ClickMapOutcome(template.get(), ClickMap.annotate(html, clicked, sent), null);
    }

    private static Map<String, Object> clickMapModel(ConsoleRequest request, String campaign, int days, long sent,
                                                     ClickMapOutcome map) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("template", map.template());
        model.put("sent", ReportFormat.count(sent));
        model.put("src", request.base() + "/reports/" + path(campaign) + "/clickmap.html?period=" + days + "d");
        List<Map<String, Object>> missing = map.result().notInTemplate().stream().map(l -> Map.<String, Object>of(
                "url", l.url(), "emails", ReportFormat.count(l.emails()), "share", share(l.emails(), sent))).toList();
        model.put("notInTemplate", missing);
        model.put("hasNotInTemplate", missing.isEmpty() ? null : true);
        return model;
    }

    /**
     * The click map's frame: the annotated email under the template preview's Content-Security-Policy (its inline
     * styles render, nothing runs), framed by console pages only.
     */
    private ConsoleResponse clickMapFrame(ConsoleRequest request) {
        String campaign = request.pathParameter("campaign");
        if (templateOf == null) {
            return ConsoleResponse.text(404, "text/plain; charset=UTF-8", "This console shows no click maps.");
        }
        Instant since = from(period(request)).atStartOfDay(ZoneOffset.UTC).toInstant();
        long sent = EngagementReport.build(transactions, campaign, since).stream()
                .mapToLong(EngagementReport.Line::sent).sum();
        ClickMapOutcome map = clickMap(campaign, since, sent);
        if (map.result() == null) {
            return ConsoleResponse.text(404, "text/plain; charset=UTF-8", map.problem());
        }
        return ConsoleResponse.html(map.result().html()).header("Content-Security-Policy", TemplatesModule.PREVIEW_CSP)
                .header("X-Frame-Options", "SAMEORIGIN").header("Cache-Control", "no-store");
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private ConsoleResponse csv(ConsoleRequest request) {
        int days = period(request);
        LocalDate from = from(days);
        List<EngagementReport.Line> lines = EngagementReport.build(transactions, null,
                from.atStartOfDay(ZoneOffset.UTC).toInstant());
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("from", "to", "campaign",
                "variant", "sent", "suppressed", "opened", "clicked", "unsubscribed", "conversions", "revenue",
                "open_rate", "click_rate", "click_to_open_rate", "unsubscribe_rate").get())) {
            for (EngagementReport.Line l : lines) {
                printer.printRecord(from, today(), l.campaign(), l.variant(), l.sent(), l.suppressed(), l.opened(),
                        l.clicked(), l.unsubscribed(), l.conversions(), l.revenue().toPlainString(), l.openRate(),
                        l.clickRate(), l.clickToOpenRate(), l.unsubscribeRate());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write CSV to memory", e);
        }
        return ConsoleResponse.text(200, "text/csv; charset=utf-8", out.toString())
                .header("Content-Disposition", "attachment; filename=\"herald-campaigns-" + from + "-to-" + today()
                        + ".csv\"");
    }

    /** The period choice, the daily chart and the dates, for either page. */
    private Map<String, Object> common(int days, LocalDate from, String campaign) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("periods", PERIODS.stream().map(p -> Map.of("value", p + "d", "label", p + " days",
                "selected", p == days)).toList());
        model.put("period", days + "d");
        model.put("from", from.toString());
        model.put("to", today().toString());
        List<EngagementReport.Day> daily = EngagementReport.daily(transactions, campaign, from, today());
        model.put("chart", ReportCharts.daily((campaign == null ? "All campaigns" : campaign) + ": emails sent,"
                + " opened and clicked per day, " + from + " to " + today(), daily));
        return model;
    }

    private static Map<String, Object> row(EngagementReport.Line l) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("campaign", l.campaign());
        row.put("variant", l.variant());
        row.put("sent", ReportFormat.count(l.sent()));
        row.put("suppressed", ReportFormat.count(l.suppressed()));
        row.put("openRate", ReportFormat.percent(l.sent() == 0 ? null : l.openRate()));
        row.put("clickRate", ReportFormat.percent(l.sent() == 0 ? null : l.clickRate()));
        row.put("clickToOpen", ReportFormat.percent(l.opened() == 0 ? null : l.clickToOpenRate()));
        row.put("unsubscribeRate", ReportFormat.percent(l.sent() == 0 ? null : l.unsubscribeRate()));
        row.put("conversions", ReportFormat.count(l.conversions()));
        row.put("revenue", money(l.revenue()));
        row.put("revenuePerEmail", l.sent() == 0 ? ReportFormat.NOT_AVAILABLE
                : money(l.revenue().divide(BigDecimal.valueOf(l.sent()), 4, RoundingMode.HALF_UP)));
        return row;
    }

    private static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }

    /** {@code ?period=30d} (7d, 30d, 90d or 365d; anything else: the default). */
    static int period(ConsoleRequest request) {
        String value = request.query("period");
        if (value != null) {
            for (int p : PERIODS) {
                if (value.strip().equals(p + "d")) {
                    return p;
                }
            }
        }
        return DEFAULT_PERIOD;
    }

    /** The first day of a period of {@code days} days ending today (UTC). */
    private LocalDate from(int days) {
        return today().minusDays(days - 1L);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
