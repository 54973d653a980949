package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.stats.Interval;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import static dev.herald.engine.experiment.report.ReportFormat.chance;
import static dev.herald.engine.experiment.report.ReportFormat.count;
import static dev.herald.engine.experiment.report.ReportFormat.pValue;
import static dev.herald.engine.experiment.report.ReportFormat.percent;
import static dev.herald.engine.experiment.report.ReportFormat.percentPrecise;
import static dev.herald.engine.experiment.report.ReportFormat.percentRange;

/**
 * The report as one self-contained HTML page for campaign teams: the verdict in words, warnings, a bar
 * chart of rates with interval whiskers, cumulative rates over time, and the full table. Inline CSS and
 * SVG only (no script, no web font, no CDN), so it opens offline and can be mailed as an attachment.
 * Every piece of input text (variant names, metric) is HTML-escaped.
 */
public final class AbReportHtml {

    private static final String[] COLOURS = {"#5b6b7f", "#1f77b4", "#e07b00", "#2ca02c", "#9467bd", "#c0392b",
            "#17becf", "#8c564b"};

    public String write(AbReport report) {
        StringBuilder h = new StringBuilder(16_384);
        String metric = escape(report.metric());
        String level = ReportFormat.confidence(report.alpha());
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>A/B report: ").append(metric).append(" rate</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>A/B report: ").append(metric).append(" rate</h1>\n");
        h.append("<p class=\"meta\">Control: <b>").append(escape(report.control())).append("</b> · ")
                .append(report.variants().size()).append(" variants · ")
                .append(count(report.variants().stream().mapToLong(AbReport.VariantResult::users).sum()))
                .append(" users · significance level ").append(ReportFormat.percentPrecise(report.alpha()).replace(".0 %", " %")).append(" · ")
                .append(level).append(" intervals</p>\n");

        h.append("<section class=\"verdict ").append(verdictClass(report)).append("\" id=\"verdict\">\n<p class=\"headline\">")
                .append(escape(report.headline())).append("</p>\n<ul class=\"sentences\">\n");
        for (String sentence : report.sentences()) {
            h.append("<li>").append(escape(sentence)).append("</li>\n");
        }
        h.append("</ul>\n</section>\n");

        h.append("<section id=\"warnings\">\n");
        if (report.warnings().isEmpty()) {
            h.append("<p class=\"ok\">No warnings: the split matches the intended weights and the test has reached"
                    + " its planned sample.</p>\n");
        } else {
            h.append("<h2>Warnings</h2>\n");
            for (AbReport.Warning w : report.warnings()) {
                h.append("<div class=\"warning\" data-code=\"").append(escape(w.code())).append("\">")
                        .append(boldLead(w.message())).append("</div>\n");
            }
        }
        h.append("</section>\n");

        h.append("<section id=\"rates\">\n<h2>").append(capitalise(metric)).append(" rate by variant</h2>\n");
        h.append("<p class=\"note\">Bars: observed rate. Whiskers: ").append(level)
                .append(" Wilson interval. Dashed line: control's rate.</p>\n");
        rateChart(h, report);
        h.append("</section>\n");

        h.append("<section id=\"over-time\">\n<h2>Cumulative ").append(metric).append(" rate over time</h2>\n");
        if (report.timelines().isEmpty()) {
            h.append("<p class=\"note\">No daily figures in the input (add <code>\"daily\"</code> per variant) — the"
                    + " chart of rates over time is left out.</p>\n");
        } else {
            h.append("<p class=\"note\">Rates that still swing from day to day mean it is too early to decide.</p>\n");
            timeChart(h, report);
        }
        h.append("</section>\n");

        table(h, report, level);
        if (report.revenueComparisons() != null) {
            revenueTable(h, report, level);
        }
        planning(h, report);
        h.append("<footer>\n<p>Methods: Wilson score intervals for rates; Wald interval (unpooled) for the absolute"
                + " difference; delta-method interval for the relative difference; two-sided pooled two-proportion"
                + " z-test; Holm-adjusted p-values across variants; sequential p-values valid at any look by the"
                + " mixture sequential probability ratio test (Holm-adjusted with several variants); Bayesian"
                + " chances with Beta(1, 1) priors computed by numerical integration; sample-ratio mismatch by chi-square against the intended weights,"
                + " flagged at p &lt; 0.001; revenue per recipient by Welch's t-test. Details and formulas:"
                + " docs/ab-statistics.md. n/a = cannot be computed from these counts.</p>\n")
                .append("<p>Generated by Herald.</p>\n</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /**
     * The "rate by variant" chart alone, as an SVG element (presentation attributes and the classes {@code grid},
     * {@code tick}, {@code label}, {@code value}, {@code whisker}, {@code control-line}): the console shows the same
     * chart as the report file.
     */
    public static String rateChartSvg(AbReport report) {
        StringBuilder h = new StringBuilder(4096);
        rateChart(h, report);
        return h.toString();
    }

    /** The cumulative rate over time chart as an SVG element, or "" when the report has no daily figures. */
    public static String timeChartSvg(AbReport report) {
        if (report.timelines().isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder(4096);
        timeChart(h, report);
        return h.toString();
    }

    private static String verdictClass(AbReport report) {
        if (report.srm().mismatch()) {
            return "bad";
        }
        boolean winner = report.comparisons().stream()
                .anyMatch(c -> c.significant(report.alpha()) && c.absDiff() != null && c.absDiff() > 0);
        return winner ? "good" : "neutral";
    }

    /** "Underpowered: detecting ..." with the part before the first colon in bold. */
    private static String boldLead(String message) {
        int colon = message.indexOf(':');
        if (colon <= 0 || colon > 40) {
            return escape(message);
        }
        return "<b>" + escape(message.substring(0, colon + 1)) + "</b>" + escape(message.substring(colon + 1));
    }

    private static void rateChart(StringBuilder h, AbReport report) {
        List<AbReport.VariantResult> variants = report.variants();
        int labelWidth = 150;
        int plotWidth = 520;
        int valueWidth = 170;
        int rowHeight = 38;
        int top = 10;
        int width = labelWidth + plotWidth + valueWidth;
        int height = top + rowHeight * variants.size() + 30;
        double max = 0;
        for (AbReport.VariantResult v : variants) {
            if (v.rateCi() != null) {
                max = Math.max(max, v.rateCi().high());
            }
            if (v.rate() != null) {
                max = Math.max(max, v.rate());
            }
        }
        max = niceCeiling(max == 0 ? 0.01 : max * 1.05);
        h.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"%s rate by variant with intervals\">\n", width, height, width, height,
                escape(report.metric())));
        for (int tick = 0; tick <= 5; tick++) {
            double value = max * tick / 5;
            double x = labelWidth + plotWidth * tick / 5.0;
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>\n", x, top, x,
                    height - 24, x, height - 8, escape(percentPrecise(value))));
        }
        Double controlRate = null;
        for (int i = 0; i < variants.size(); i++) {
            AbReport.VariantResult v = variants.get(i);
            boolean isControl = v.name().equals(report.control());
            if (isControl) {
                controlRate = v.rate();
            }
            int y = top + i * rowHeight;
            String colour = colour(i);
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"end\">%s%s</text>\n",
                    labelWidth - 10, y + 23, escape(v.name()), isControl ? " (control)" : ""));
            if (v.rate() != null) {
                double barWidth = plotWidth * v.rate() / max;
                h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\""
                        + " opacity=\"0.85\"/>\n", labelWidth, y + 8, barWidth, colour));
            }
            if (v.rateCi() != null) {
                double x1 = labelWidth + plotWidth * v.rateCi().low() / max;
                double x2 = labelWidth + plotWidth * v.rateCi().high() / max;
                int cy = y + 19;
                h.append(String.format(Locale.ROOT, "<g class=\"whisker\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                        + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\""
                        + " y2=\"%d\"/></g>\n", x1, cy, x2, cy, x1, cy - 7, x1, cy + 7, x2, cy - 7, x2, cy + 7));
            }
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"value\">%s [%s]</text>\n",
                    labelWidth + plotWidth + 10, y + 23, escape(percentPrecise(v.rate())),
                    escape(percentRange(v.rateCi()))));
        }
        if (controlRate != null) {
            double x = labelWidth + plotWidth * controlRate / max;
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"control-line\"/>\n",
                    x, top, x, height - 24));
        }
        h.append("</svg>\n");
    }

    private static void timeChart(StringBuilder h, AbReport report) {
        TreeSet<LocalDate> dates = new TreeSet<>();
        double max = 0;
        for (AbReport.Timeline t : report.timelines()) {
            for (AbReport.Timeline.Point p : t.points()) {
                dates.add(p.date());
                if (p.rate() != null) {
                    max = Math.max(max, p.rate());
                }
            }
        }
        max = niceCeiling(max == 0 ? 0.01 : max * 1.1);
        List<LocalDate> axis = new ArrayList<>(dates);
        int left = 70;
        int plotWidth = 600;
        int plotHeight = 240;
        int top = 15;
        int legendWidth = 170;
        int width = left + plotWidth + legendWidth;
        int height = top + plotHeight + 45;
        h.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"cumulative rate by day\">\n", width, height, width, height));
        for (int tick = 0; tick <= 5; tick++) {
            double value = max * tick / 5;
            double y = top + plotHeight - plotHeight * tick / 5.0;
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>\n", left, y,
                    left + plotWidth, y, left - 6, y + 4, escape(percentPrecise(value))));
        }
        int labelEvery = Math.max(1, (int) Math.ceil(axis.size() / 8.0));
        for (int i = 0; i < axis.size(); i += labelEvery) {
            h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>\n",
                    xFor(i, axis.size(), left, plotWidth), top + plotHeight + 18, axis.get(i)));
        }
        for (int v = 0; v < report.timelines().size(); v++) {
            AbReport.Timeline t = report.timelines().get(v);
            int colourIndex = indexOf(report, t.variant());
            StringBuilder points = new StringBuilder();
            for (AbReport.Timeline.Point p : t.points()) {
                if (p.rate() == null) {
                    continue;
                }
                double x = xFor(axis.indexOf(p.date()), axis.size(), left, plotWidth);
                double y = top + plotHeight - plotHeight * p.rate() / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            h.append("<polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"").append(colour(colourIndex))
                    .append("\" points=\"").append(points.toString().trim()).append("\"/>\n");
            int ly = top + 10 + v * 22;
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>\n", left + plotWidth + 16, ly,
                    colour(colourIndex), left + plotWidth + 36, ly + 6, escape(t.variant())));
        }
        h.append("</svg>\n");
    }

    private static double xFor(int index, int count, int left, int plotWidth) {
        return count <= 1 ? left + plotWidth / 2.0 : left + plotWidth * index / (double) (count - 1);
    }

    private static void table(StringBuilder h, AbReport report, String level) {
        h.append("<section id=\"table\">\n<h2>All figures</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>Variant</th><th>Users</th>")
                .append("<th>").append(capitalise(escape(report.metric()))).append("s</th><th>Rate</th><th>")
                .append(level).append(" CI</th><th>Difference vs control</th><th>Relative lift (")
                .append(level).append(" CI)</th><th>p-value</th><th>Holm p</th>")
                .append("<th title=\"always-valid: holds however often the report is read\">Sequential p</th>")
                .append("<th>Chance to beat control</th>")
                .append("<th>Chance to be best</th></tr></thead>\n<tbody>\n");
        for (AbReport.VariantResult v : report.variants()) {
            AbReport.Comparison c = report.comparisons().stream().filter(x -> x.variant().equals(v.name()))
                    .findFirst().orElse(null);
            h.append("<tr").append(c == null ? " class=\"control\"" : "").append("><td>").append(escape(v.name()))
                    .append(c == null ? " <small>(control)</small>" : "").append("</td><td>").append(count(v.users()))
                    .append("</td><td>").append(count(v.conversions())).append("</td><td>")
                    .append(escape(percentPrecise(v.rate()))).append("</td><td>")
                    .append(escape(percentRange(v.rateCi()))).append("</td>");
            if (c == null) {
                h.append("<td colspan=\"6\" class=\"muted\">baseline</td>");
            } else {
                h.append("<td>").append(escape(points(c.absDiff()))).append(" <small>(")
                        .append(escape(pointsRange(c.absCi()))).append(")</small></td><td>")
                        .append(escape(signedPercent(c.relDiff()))).append(" <small>(")
                        .append(escape(percentRange(c.relCi()))).append(")</small></td><td>")
                        .append(escape(pValue(c.pValue()))).append("</td><td>")
                        .append(escape(pValue(c.pValueHolm()))).append("</td><td>")
                        .append(escape(pValue(report.sequentialPShown(c)))).append("</td><td>")
                        .append(escape(chance(c.chanceToBeatControl()))).append("</td>");
            }
            h.append("<td>").append(escape(chance(v.chanceToBeBest()))).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table></div>\n<p class=\"note\">Sample-ratio test: χ² = ")
                .append(escape(ReportFormat.number(report.srm().chi2(), 2))).append(", df = ").append(report.srm().df())
                .append(", p = ").append(escape(pValue(report.srm().pValue()))).append(report.srm().mismatch()
                        ? " — <b>mismatch</b>" : " — no mismatch").append(".</p>\n</section>\n");
    }

    private static void revenueTable(StringBuilder h, AbReport report, String level) {
        h.append("<section id=\"revenue\">\n<h2>Revenue per recipient</h2>\n<table>\n<thead><tr><th>Variant</th>")
                .append("<th>Revenue per recipient</th><th>Difference vs control</th><th>").append(level)
                .append(" CI</th><th>t</th><th>df</th><th>p-value</th>")
                .append("<th title=\"always-valid: holds however often the report is read\">Sequential p</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (AbReport.VariantResult v : report.variants()) {
            AbReport.RevenueComparison r = report.revenueComparisons().stream()
                    .filter(x -> x.variant().equals(v.name())).findFirst().orElse(null);
            h.append("<tr><td>").append(escape(v.name())).append("</td><td>")
                    .append(escape(ReportFormat.number(v.revenuePerUser(), 2))).append("</td>");
            if (r == null) {
                h.append("<td colspan=\"6\" class=\"muted\">baseline</td>");
            } else {
                h.append("<td>").append(escape(signed(r.meanDiff()))).append("</td><td>")
                        .append(r.ci() == null ? "n/a" : escape(signed(r.ci().low()) + " to " + signed(r.ci().high())))
                        .append("</td><td>").append(escape(ReportFormat.number(r.t(), 2))).append("</td><td>")
                        .append(escape(ReportFormat.number(r.df(), 1))).append("</td><td>")
                        .append(escape(pValue(r.pValue()))).append("</td><td>")
                        .append(escape(pValue(r.sequentialP()))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void planning(StringBuilder h, AbReport report) {
        AbReport.Planning p = report.planning();
        h.append("<section id=\"planning\">\n<h2>Sample size</h2>\n<p>");
        if (p.requiredUsersPerArm() != null) {
            h.append("To detect a ").append(escape(percent(p.minimumDetectableEffect()))).append(" relative lift with ")
                    .append(escape(percent(p.power()))).append(" power, the test needs <b>")
                    .append(count(p.requiredUsersPerArm())).append("</b> users per variant");
            if (p.plannedUsersPerArm() != null) {
                h.append(" (the team planned ").append(count(p.plannedUsersPerArm())).append(')');
            }
            h.append("; the smallest variant has ").append(count(p.smallestArm())).append('.')
                    .append(escape(p.paceSentence())).append(' ');
        } else {
            h.append("The users needed cannot be computed from control's rate. ");
        }
        h.append(p.detectableLiftNow() == null ? "No lift can be reliably detected with the current sample."
                : "With the current sample, the smallest reliably detectable lift is "
                + escape(percent(p.detectableLiftNow())) + ".");
        h.append("</p>\n</section>\n");
    }

    private static int indexOf(AbReport report, String variant) {
        for (int i = 0; i < report.variants().size(); i++) {
            if (report.variants().get(i).name().equals(variant)) {
                return i;
            }
        }
        return 0;
    }

    private static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String points(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%+.2f pp", fraction * 100);
    }

    private static String pointsRange(Interval interval) {
        return interval == null ? "n/a"
                : String.format(Locale.ROOT, "%+.2f to %+.2f", interval.low() * 100, interval.high() * 100);
    }

    private static String signedPercent(Double fraction) {
        return fraction == null ? "n/a" : (fraction >= 0 ? "+" : "−") + percentPrecise(Math.abs(fraction));
    }

    private static String signed(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%+.2f", value);
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Escapes text for HTML element content and attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "n/a";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body{margin:0;background:#f4f5f7;color:#1d2330;font:15px/1.5 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
            main{max-width:980px;margin:0 auto;padding:24px 28px 40px;background:#fff}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
            .meta,.note,footer{color:#5b6475;font-size:13px}
            .verdict{border-left:6px solid #8a94a6;background:#f3f5f9;padding:12px 18px;margin:18px 0}
            .verdict.good{border-color:#2e9e44;background:#eef8f0}.verdict.bad{border-color:#c0392b;background:#fcefed}
            .headline{font-size:18px;font-weight:600;margin:0 0 6px}.sentences{margin:0;padding-left:20px}
            .warning{border:1px solid #e5b94e;background:#fff8e5;padding:8px 12px;margin:8px 0;border-radius:4px}
            .warning[data-code="sample_ratio_mismatch"]{border-color:#c0392b;background:#fcefed}
            .ok{color:#2e7d32}
            svg.chart{max-width:100%;height:auto;font-size:13px}
            .grid{stroke:#e3e6eb;stroke-width:1}.tick{fill:#5b6475;font-size:11px}.label{fill:#1d2330}.value{fill:#1d2330;font-size:12px}
            .whisker line{stroke:#1d2330;stroke-width:1.6}.control-line{stroke:#1d2330;stroke-dasharray:4 3;stroke-width:1}
            .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:12.5px}th,td{border-bottom:1px solid #e3e6eb;padding:6px 5px;text-align:right;vertical-align:top}
            td{white-space:nowrap}td small{display:block}
            th:first-child,td:first-child{text-align:left}th{background:#f3f5f9;font-weight:600}tr.control td{background:#fafbfc}
            .muted{color:#8a94a6;text-align:center}small{color:#5b6475}
            footer{margin-top:30px;border-top:1px solid #e3e6eb;padding-top:8px}
            """;
}
