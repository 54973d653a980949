package dev.herald.routes.console.segments;

import dev.herald.engine.segment.RfmSegment;
import dev.herald.engine.segment.SegmentOverview;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Segments in the console, for every role: the size of each segment of each scheme (rfm, and cluster when stored)
 * as a table and a bar chart, the RFM profile of each segment (average recency, frequency, monetary value and
 * what the segment means), and a scatter plot of a sample of customers' recency against their spend. The
 * figures are what {@code herald segment rfm} and the live per-order refresh stored. Marketers and analysts may
 * download a segment's members as CSV (audited).
 */
public final class SegmentsModule implements ConsoleModule {

    /** Customers in the scatter plot at most (a sample spread over all of them). */
    static final int SCATTER_POINTS = 1_500;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** Who may download a segment's members: their addresses are personal data, as on the customer pages. */
    static final java.util.Set<dev.herald.routes.console.ConsoleRole> EXPORTERS = java.util.EnumSet.of(
            dev.herald.routes.console.ConsoleRole.MARKETER, dev.herald.routes.console.ConsoleRole.ANALYST);
    /** The most members one download holds. */
    static final int MAX_EXPORT = 100_000;

    private final SegmentOverview overview;
    private dev.herald.engine.persistence.Transactions audit;

    public SegmentsModule(SegmentOverview overview) {
        this.overview = overview;
    }

    /** Offers each segment's members as CSV, every download written to the audit log through {@code transactions}. */
    public SegmentsModule withExports(dev.herald.engine.persistence.Transactions transactions) {
        this.audit = transactions;
        return this;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Segments", "/segments", 60, ConsoleRouter.ANY_ROLE);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        router.get("/segments", ConsoleRouter.ANY_ROLE, request -> page(view, request));
        if (audit != null) {
            router.get("/segments/members.csv", EXPORTERS, request -> members(view, request));
        }
    }

    /**
     * One segment's members as CSV (customer id, email, name, in the segment since, orders, lifetime spend), at most
     * {@link #MAX_EXPORT}, for a spreadsheet or an ad platform's audience; the download is audited.
     */
    private ConsoleResponse members(ConsoleView view, ConsoleRequest request) {
        String scheme = request.query("scheme");
        String segment = request.query("segment");
        if (scheme == null || segment == null || scheme.isBlank() || segment.isBlank()) {
            return view.error(request, 400, "Which segment?", "Name the scheme and the segment, as the Segments"
                    + " page's CSV links do.");
        }
        List<SegmentOverview.Member> members = overview.members(scheme, segment, MAX_EXPORT);
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(out,
                org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader("customer_id", "email", "name", "since",
                        "orders", "lifetime_spend").get())) {
            for (SegmentOverview.Member m : members) {
                printer.printRecord(m.customerId(), m.email(), m.name(), m.since(), m.orders(),
                        m.lifetimeSpend().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write CSV to memory", e);
        }
        dev.herald.engine.consent.AuditLog.record(audit, "segment", scheme + "/" + segment, "export",
                "console:" + request.user().name(), Map.of("customers", members.size()), java.time.Instant.now());
        String file = (scheme + "-" + segment).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return ConsoleResponse.text(200, "text/csv; charset=utf-8", out.toString())
                .header("Content-Disposition", "attachment; filename=\"herald-segment-" + file + ".csv\"");
    }

    private ConsoleResponse page(ConsoleView view, ConsoleRequest request) {
        Map<String, List<SegmentOverview.SegmentSize>> byScheme = new LinkedHashMap<>();
        overview.sizes().forEach(s -> byScheme.computeIfAbsent(s.scheme(), k -> new ArrayList<>()).add(s));
        List<SegmentOverview.RfmProfile> profiles = overview.rfmProfiles();
        Map<String, String> rfmColours = rfmColours();
        List<Map<String, Object>> schemes = new ArrayList<>();
        byScheme.forEach((scheme, sizes) -> {
            long total = sizes.stream().mapToLong(SegmentOverview.SegmentSize::customers).sum();
            Map<String, String> colours = scheme.equals("rfm") ? rfmColours
                    : SegmentCharts.colours(sizes.stream().map(SegmentOverview.SegmentSize::segment).toList());
            List<Map<String, Object>> rows = sizes.stream().map(s -> Map.<String, Object>of("segment", s.segment(),
                    "customers", String.format(Locale.ROOT, "%,d", s.customers()), "share",
                    String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0 : 100.0 * s.customers() / total),
                    "exportHref", "/segments/members.csv?scheme=" + encode(scheme) + "&segment="
                            + encode(s.segment()))).toList();
            Map<String, Object> m = new HashMap<>();
            m.put("scheme", scheme);
            m.put("schemeLabel", scheme.equals("rfm") ? "RFM" : scheme.substring(0, 1).toUpperCase(Locale.ROOT)
                    + scheme.substring(1));
            m.put("total", String.format(Locale.ROOT, "%,d", total));
            m.put("rows", rows);
            m.put("chart", SegmentCharts.bars("Customers per " + scheme + " segment", sizes.stream()
                    .map(s -> new SegmentCharts.Bar(s.segment(), s.customers(),
                            colours.getOrDefault(s.segment(), "#7f7f7f"))).toList()));
            schemes.add(m);
        });
        Map<String, Object> model = new HashMap<>();
        model.put("canExport", audit != null && (EXPORTERS.contains(request.user().role())
                || request.user().role() == dev.herald.routes.console.ConsoleRole.ADMIN));
        model.put("schemes", schemes);
        model.put("none", schemes.isEmpty());
        model.put("profiles", profiles.stream().map(p -> Map.<String, Object>of("segment", p.segment(),
                "meaning", meaning(p.segment()),
                "customers", String.format(Locale.ROOT, "%,d", p.customers()),
                "recency", String.format(Locale.ROOT, "%.0f", p.avgRecencyDays()),
                "frequency", String.format(Locale.ROOT, "%.1f", p.avgFrequency()),
                "monetary", String.format(Locale.ROOT, "%,.2f", p.avgMonetary()),
                "asOf", p.asOf() == null ? "" : DAY.format(p.asOf()))).toList());
        model.put("hasProfiles", !profiles.isEmpty());
        List<SegmentOverview.PredictionBand> bands = overview.predictionBands();
        if (!bands.isEmpty()) {
            model.put("lifetime", lifetimeModel(bands));
        }
        List<SegmentOverview.RfmPoint> sample = overview.rfmSample(SCATTER_POINTS);
        if (!sample.isEmpty()) {
            Map<String, String> legend = new LinkedHashMap<>();
            sample.stream().map(SegmentOverview.RfmPoint::segment).distinct()
                    .sorted(java.util.Comparator.comparingInt(SegmentsModule::order))
                    .forEach(s -> legend.put(s, rfmColours.getOrDefault(s, "#7f7f7f")));
            model.put("scatter", SegmentCharts.scatter("Recency against spend, " + sample.size() + " customers",
                    "days since the last order", "spend (log scale)", sample.stream()
                            .map(p -> new SegmentCharts.Point(p.recencyDays(), p.monetary().doubleValue(), p.segment()))
                            .toList(), legend));
            model.put("sampled", sample.size());
            model.put("hasScatter", true);
        }
        return view.page(request, "Segments", "segments/index", model);
    }

    /** Blues from pale (unlikely to buy) to dark (likely): one colour per band of the chance to buy. */
    static final String[] CHANCE_COLOURS = {"#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"};

    /** The lifetime model's customers by their chance to buy in the next 90 days (ADR 0072): chart and table. */
    static Map<String, Object> lifetimeModel(List<SegmentOverview.PredictionBand> bands) {
        List<SegmentCharts.Bar> bars = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < bands.size(); i++) {
            SegmentOverview.PredictionBand b = bands.get(i);
            String label = String.format(Locale.ROOT, "%.0f–%.0f %%", 100 * b.from(), 100 * b.to());
            bars.add(new SegmentCharts.Bar(label, b.customers(), CHANCE_COLOURS[i % CHANCE_COLOURS.length]));
            rows.add(Map.of("band", label, "customers", String.format(Locale.ROOT, "%,d", b.customers()),
                    "orders", String.format(Locale.ROOT, "%,.1f", b.expectedOrders()),
                    "spend", String.format(Locale.ROOT, "%,.2f", b.expectedSpend())));
        }
        Map<String, Object> m = new HashMap<>();
        m.put("chart", SegmentCharts.bars("Customers by their chance to buy in the next 90 days", bars));
        m.put("rows", rows);
        return m;
    }

    /** The RFM segments' colours, fixed by their order, so a segment keeps its colour from page to page. */
    static Map<String, String> rfmColours() {
        Map<String, String> colours = new LinkedHashMap<>();
        for (RfmSegment s : RfmSegment.values()) {
            colours.put(s.label(), SegmentCharts.PALETTE[s.ordinal() % SegmentCharts.PALETTE.length]);
        }
        return colours;
    }

    private static int order(String label) {
        for (RfmSegment s : RfmSegment.values()) {
            if (s.label().equals(label)) {
                return s.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    private static String meaning(String label) {
        for (RfmSegment s : RfmSegment.values()) {
            if (s.label().equals(label)) {
                return s.meaning();
            }
        }
        return "";
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
