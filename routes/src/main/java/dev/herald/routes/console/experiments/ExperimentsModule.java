package dev.herald.routes.console.experiments;

import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.report.AbReport;
import dev.herald.engine.experiment.report.AbReportBuilder;
import dev.herald.engine.experiment.report.AbReportHtml;
import dev.herald.engine.experiment.report.ReportFormat;
import dev.herald.engine.experiment.stats.Interval;
import dev.herald.engine.experiment.store.AutoWinnerSetting;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.experiment.store.Outcome;
import dev.herald.engine.experiment.store.WinnerDecision;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's Experiments area: every campaign experiment, and its A/B report built by the same code as
 * {@code herald ab report --campaign} ({@link ExperimentService#reportInput} then {@link AbReportBuilder}), with the
 * report file's own SVG charts (rate per variant with intervals, cumulative rate over time), the verdict in plain
 * words, and the auto-winner setting. Every role reads; marketers change the auto-winner setting.
 */
public final class ExperimentsModule implements ConsoleModule {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentsModule.class);
    private static final Set<ConsoleRole> READERS = EnumSet.of(ConsoleRole.MARKETER, ConsoleRole.ANALYST);
    private static final Set<ConsoleRole> EDITORS = EnumSet.of(ConsoleRole.MARKETER);

    private final ExperimentService experiments;
    private ConsoleView view;
    private java.util.function.Supplier<dev.herald.engine.experiment.GlobalControlGroup> globalControl =
            () -> dev.herald.engine.experiment.GlobalControlGroup.NONE;
    private dev.herald.engine.persistence.Transactions transactions;

    public ExperimentsModule(ExperimentService experiments) {
        this.experiments = experiments;
    }

    /**
     * Shows the global control group's report (ADR 0066) above the experiments, for the last {@code days} (30 by
     * default) of orders, while the campaigns define a group.
     */
    public ExperimentsModule withGlobalControl(
            java.util.function.Supplier<dev.herald.engine.experiment.GlobalControlGroup> group,
            dev.herald.engine.persistence.Transactions transactions) {
        this.globalControl = group;
        this.transactions = transactions;
        return this;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Experiments", "/experiments", 40, READERS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        this.view = view;
        router.get("/experiments", READERS, this::list);
        router.get("/experiments-plan", READERS, this::plan);
        router.get("/experiments/{campaign}", READERS, this::report);
        router.post("/experiments/{campaign}/auto-winner", EDITORS, this::autoWinner);
    }

    /** A test plan: users each variant needs, and in all, to detect the lift asked for. */
    record Plan(double baseline, double lift, double power, int variants, long usersPerVariant, long usersInAll,
                double alphaPerComparison) {
    }

    /**
     * Users per variant for a two-sided test at 5 % (split over the comparisons with control, as Holm's first step
     * does, when there are several) to detect {@code lift} over {@code baseline} with {@code power}.
     *
     * @throws IllegalArgumentException with the field to fix
     */
    static Plan plan(double baselinePercent, double liftPercent, double powerPercent, int variants) {
        if (!(baselinePercent > 0 && baselinePercent < 100)) {
            throw new IllegalArgumentException("The current rate must be between 0 and 100 %.");
        }
        if (!(liftPercent != 0 && liftPercent > -100 && Double.isFinite(liftPercent))) {
            throw new IllegalArgumentException("The lift must be a change other than 0 %, above -100 %.");
        }
        if (!(powerPercent >= 50 && powerPercent < 100)) {
            throw new IllegalArgumentException("The power must be at least 50 % and below 100 %.");
        }
        if (variants < 2 || variants > 10) {
            throw new IllegalArgumentException("A test has 2 to 10 variants, control included.");
        }
        double alpha = 0.05 / (variants - 1);
        Long n = dev.herald.engine.experiment.stats.SampleSizeCalculator.usersPerArm(baselinePercent / 100,
                liftPercent / 100, alpha, powerPercent / 100);
        if (n == null) {
            throw new IllegalArgumentException("A rate of " + baselinePercent + " % with a " + liftPercent
                    + " % lift leaves 0..100 %: choose a smaller lift.");
        }
        return new Plan(baselinePercent, liftPercent, powerPercent, variants, n, n * variants, alpha);
    }

    private ConsoleResponse plan(ConsoleRequest request) {
        Map<String, Object> model = new LinkedHashMap<>();
        String baseline = valueOr(request.query("baseline"), "5");
        String lift = valueOr(request.query("lift"), "10");
        String power = valueOr(request.query("power"), "80");
        String variants = valueOr(request.query("variants"), "2");
        model.put("baseline", baseline);
        model.put("lift", lift);
        model.put("power", power);
        model.put("variants", variants);
        try {
            Plan p = plan(Double.parseDouble(baseline), Double.parseDouble(lift), Double.parseDouble(power),
                    Integer.parseInt(variants));
            model.put("result", Map.of(
                    "perVariant", ReportFormat.count(p.usersPerVariant()),
                    "inAll", ReportFormat.count(p.usersInAll()),
                    "sentence", String.format(Locale.ROOT, "To detect a %+.1f %% change on a %.1f %% rate with %.0f"
                            + " %% power, each of the %d variants needs %,d users (%,d in all), at the %s level%s.",
                            p.lift(), p.baseline(), p.power(), p.variants(), p.usersPerVariant(), p.usersInAll(),
                            ReportFormat.percent(p.alphaPerComparison()), p.variants() > 2
                                    ? " per comparison with control (5 % split over the comparisons, as Holm's first"
                                    + " step)" : "")));
        } catch (NumberFormatException e) {
            model.put("error", "Write the rate, lift and power as numbers (e.g. 5, 10, 80) and the variants as a"
                    + " whole number.");
        } catch (IllegalArgumentException e) {
            model.put("error", e.getMessage());
        }
        return view.page(request, "Plan an A/B test", "experiments/plan", model);
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private ConsoleResponse list(ConsoleRequest request) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ExperimentService.Summary s : experiments.list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("campaign", s.campaign());
            row.put("arms", arms(s.design()));
            row.put("control", s.controlVariant());
            row.put("exposures", ReportFormat.count(s.exposures()));
            row.put("winner", s.winner());
            row.put("autoWinner", s.autoWinner().enabled());
            rows.add(row);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("experiments", rows);
        model.put("globalControl", globalControlModel(request));
        return view.page(request, "Experiments", "experiments/list", model);
    }

    /** The global control group's report for the period asked ({@code ?days=}, 7 to 365, default 30), or null. */
    private Map<String, Object> globalControlModel(ConsoleRequest request) {
        dev.herald.engine.experiment.GlobalControlGroup group = globalControl.get();
        if (transactions == null || group.share() <= 0) {
            return null;
        }
        int days = 30;
        try {
            days = request.query("days") == null ? 30 : Math.max(7, Math.min(365,
                    Integer.parseInt(request.query("days").strip())));
        } catch (NumberFormatException e) {
            days = 30;
        }
        java.time.Instant until = java.time.Instant.now();
        var report = dev.herald.engine.experiment.report.GlobalControlReport.build(transactions, group,
                until.minus(java.time.Duration.ofDays(days)), until);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("share", group.percent());
        model.put("days", days);
        model.put("rows", List.of(arm("Gets marketing email", report.treated()),
                arm("Control group", report.control())));
        model.put("verdict", report.verdict());
        return model;
    }

    private static Map<String, Object> arm(String label, dev.herald.engine.experiment.report.GlobalControlReport.Arm a) {
        return Map.of("label", label, "customers", ReportFormat.count(a.customers()),
                "buyers", ReportFormat.count(a.buyers()),
                "rate", String.format(java.util.Locale.ROOT, "%.1f%% (%.1f–%.1f%%)", 100 * a.buyerRate(),
                        100 * a.buyerRateCi().low(), 100 * a.buyerRateCi().high()),
                "revenue", String.format(java.util.Locale.ROOT, "%.2f", a.revenuePerCustomer()));
    }

    private ConsoleResponse report(ConsoleRequest request) {
        String campaign = request.pathParameter("campaign");
        Optional<ExperimentService.Summary> found = experiments.find(campaign);
        if (found.isEmpty()) {
            return view.error(request, 404, "No such experiment", "Campaign " + campaign + " has no experiment.");
        }
        ExperimentService.Summary summary = found.get();
        Outcome.Kind metric = metric(request.query("metric"), Outcome.Kind.CONVERSION);
        AbReport report = new AbReportBuilder().build(experiments.reportInput(campaign, metric));
        String level = ReportFormat.confidence(report.alpha());

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("campaign", campaign);
        model.put("arms", arms(summary.design()));
        model.put("control", report.control());
        model.put("level", level);
        model.put("metric", report.metric());
        model.put("metricTitle", report.metric().isEmpty() ? "" : Character.toUpperCase(report.metric().charAt(0))
                + report.metric().substring(1));
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Outcome.Kind k : Outcome.Kind.values()) {
            metrics.add(Map.of("value", k.name().toLowerCase(Locale.ROOT), "selected", k == metric));
        }
        model.put("metrics", metrics);
        model.put("verdictClass", verdictClass(report));
        model.put("headline", report.headline());
        model.put("sentences", report.sentences());
        model.put("warnings", report.warnings().stream().map(w -> Map.of("code", w.code(), "message", w.message()))
                .toList());
        model.put("hasWarnings", !report.warnings().isEmpty());
        // server-made SVG from the report's own writer: the console and the report file show the same chart
        model.put("rateChart", AbReportHtml.rateChartSvg(report));
        String timeChart = AbReportHtml.timeChartSvg(report);
        model.put("timeChart", timeChart.isEmpty() ? null : timeChart);
        model.put("variants", variantRows(report));
        model.put("srm", "χ² = " + ReportFormat.number(report.srm().chi2(), 2) + ", df = " + report.srm().df()
                + ", p = " + ReportFormat.pValue(report.srm().pValue())
                + (report.srm().mismatch() ? " — mismatch" : " — no mismatch"));
        AbReport.Planning planning = report.planning();
        model.put("planning", planning.requiredUsersPerArm() == null
                ? "The users needed cannot be computed from control's rate yet."
                : "To detect a " + ReportFormat.percent(planning.minimumDetectableEffect()) + " relative lift with "
                + ReportFormat.percent(planning.power()) + " power the test needs "
                + ReportFormat.count(planning.requiredUsersPerArm()) + " users per variant; the smallest has "
                + ReportFormat.count(planning.smallestArm()) + "." + planning.paceSentence());

        AutoWinnerSetting setting = summary.autoWinner();
        model.put("winner", summary.winner());
        model.put("winnerDecidedAt", summary.winnerDecidedAt() == null ? null : summary.winnerDecidedAt().toString());
        model.put("autoWinnerOn", setting.enabled());
        model.put("autoWinnerMinUsers", setting.minUsersPerArm());
        List<Map<String, Object>> autoMetrics = new ArrayList<>();
        for (Outcome.Kind k : Outcome.Kind.values()) {
            autoMetrics.add(Map.of("value", k.name().toLowerCase(Locale.ROOT), "selected", k == setting.metric()));
        }
        model.put("autoMetrics", autoMetrics);
        model.put("autoWinnerSummary", setting.enabled()
                ? "On: evaluated on Herald's schedule by " + setting.metric().name().toLowerCase(Locale.ROOT)
                + " rate once every arm has " + ReportFormat.count(setting.minUsersPerArm()) + " users."
                : "Off: every customer keeps getting their own arm until someone decides.");
        model.put("canEdit", request.user().role() != ConsoleRole.ANALYST);
        model.put("saved", "1".equals(request.query("saved")));
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (WinnerDecision d : experiments.decisions(campaign, 10)) {
            decisions.add(Map.of("at", d.decidedAt().toString(), "winner", d.winner() == null ? "—" : d.winner(),
                    "reason", d.reason()));
        }
        model.put("decisions", decisions);
        model.put("hasDecisions", !decisions.isEmpty());
        return view.page(request, "Experiment " + campaign, "experiments/report", model);
    }

    private ConsoleResponse autoWinner(ConsoleRequest request) {
        String campaign = request.pathParameter("campaign");
        if (experiments.find(campaign).isEmpty()) {
            return view.error(request, 404, "No such experiment", "Campaign " + campaign + " has no experiment.");
        }
        long minUsers;
        try {
            minUsers = Long.parseLong(request.form("minUsers") == null ? "" : request.form("minUsers").strip());
        } catch (NumberFormatException e) {
            minUsers = -1;
        }
        if (minUsers < 1) {
            return view.error(request, 400, "Not saved", "The minimum users per arm must be a whole number of at"
                    + " least 1.");
        }
        Outcome.Kind metric = metric(request.form("metric"), null);
        if (metric == null) {
            return view.error(request, 400, "Not saved", "The metric must be conversion, click or open.");
        }
        AutoWinnerSetting setting = new AutoWinnerSetting(request.form("enabled") != null, metric, minUsers);
        experiments.setAutoWinner(campaign, setting);
        LOG.info("console user {} set the auto-winner of {} to {}", request.user().name(), campaign, setting);
        return ConsoleResponse.redirect("/experiments/" + URLEncoder.encode(campaign, StandardCharsets.UTF_8)
                + "?saved=1#auto-winner");
    }

    private static List<Map<String, Object>> variantRows(AbReport report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AbReport.VariantResult v : report.variants()) {
            AbReport.Comparison c = report.comparisons().stream().filter(x -> x.variant().equals(v.name()))
                    .findFirst().orElse(null);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", v.name());
            row.put("isControl", c == null);
            row.put("users", ReportFormat.count(v.users()));
            row.put("conversions", ReportFormat.count(v.conversions()));
            row.put("rate", ReportFormat.percentPrecise(v.rate()));
            row.put("ci", ReportFormat.percentRange(v.rateCi()));
            row.put("diff", c == null ? "baseline" : points(c.absDiff()) + " (" + pointsRange(c.absCi()) + ")");
            row.put("lift", c == null ? "" : signedPercent(c.relDiff()));
            row.put("pHolm", c == null ? "" : ReportFormat.pValue(c.pValueHolm()));
            row.put("pSequential", c == null ? "" : ReportFormat.pValue(report.sequentialPShown(c)));
            row.put("beat", c == null ? "" : ReportFormat.chance(c.chanceToBeatControl()));
            row.put("best", ReportFormat.chance(v.chanceToBeBest()));
            rows.add(row);
        }
        return rows;
    }

    private static String verdictClass(AbReport report) {
        if (report.srm().mismatch()) {
            return "bad";
        }
        return report.comparisons().stream().anyMatch(c -> c.significant(report.alpha()) && c.absDiff() != null
                && c.absDiff() > 0) ? "good" : "neutral";
    }

    private static String arms(ExperimentDesign design) {
        StringBuilder b = new StringBuilder();
        for (ExperimentDesign.Arm arm : design.arms()) {
            b.append(b.length() == 0 ? "" : ", ").append(arm.name());
        }
        if (design.holdoutShare() > 0) {
            b.append(" + holdout ").append(ReportFormat.percent(design.holdoutShare()));
        }
        return b.toString();
    }

    private static Outcome.Kind metric(String value, Outcome.Kind fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Outcome.Kind.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static String points(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%+.2f pp", fraction * 100);
    }

    private static String pointsRange(Interval interval) {
        return interval == null ? "n/a"
                : String.format(Locale.ROOT, "%+.2f to %+.2f", interval.low() * 100, interval.high() * 100);
    }

    private static String signedPercent(Double fraction) {
        return fraction == null ? "n/a" : (fraction >= 0 ? "+" : "−") + ReportFormat.percentPrecise(Math.abs(fraction));
    }
}
