package dev.herald.routes.console.segments;

import dev.herald.routes.Html;
import dev.herald.routes.console.ConsoleSvg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server-made SVG charts for the segments page (no script, no inline style: the console's Content-Security-Policy
 * allows neither; presentation attributes only). Every text that comes from data is XML-escaped here, so the
 * charts can be put into the page unescaped.
 */
final class SegmentCharts {

    /** Colour-blind-safe palette (Okabe-Ito, then Tableau), one colour per segment. */
    static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
            "#000000", "#8c564b", "#7f7f7f", "#bcbd22", "#17becf"};

    private SegmentCharts() {
    }

    /** A labelled bar: segment name and customers. */
    record Bar(String label, long value, String colour) {
    }

    /** A horizontal bar chart, one bar per segment, with its value at the end of the bar. */
    static String bars(String title, List<Bar> bars) {
        int rowHeight = 26;
        int labelWidth = 170;
        int chartWidth = 460;
        int height = 30 + bars.size() * rowHeight + 10;
        long max = bars.stream().mapToLong(Bar::value).max().orElse(1);
        StringBuilder svg = ConsoleSvg.open(labelWidth + chartWidth + 80, height, title);
        int y = 30;
        for (Bar bar : bars) {
            double w = max == 0 ? 0 : chartWidth * (double) bar.value() / max;
            svg.append(ConsoleSvg.text(labelWidth - 8, y + 17, "end", bar.label()))
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                                    + "<title>%s: %d</title></rect>", labelWidth, y + 3, Math.max(w, 1.0), rowHeight - 8,
                            bar.colour(), Html.escape(bar.label()), bar.value()))
                    .append(ConsoleSvg.text((int) (labelWidth + w + 6), y + 17, "start", String.format(Locale.ROOT, "%,d",
                            bar.value())));
            y += rowHeight;
        }
        return svg.append("</svg>").toString();
    }

    /** A point of the scatter plot. */
    record Point(double x, double y, String series) {
    }

    /**
     * A scatter plot of recency (x, days) against monetary value (y, log scale: spend is heavily skewed), one
     * colour per series (segment) with a legend.
     */
    static String scatter(String title, String xLabel, String yLabel, List<Point> points, Map<String, String> colours) {
        int width = 720;
        int height = 420;
        int left = 70;
        int right = 180;
        int top = 30;
        int bottom = 50;
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        double maxX = Math.max(1, points.stream().mapToDouble(Point::x).max().orElse(1));
        double minY = Math.max(1, points.stream().mapToDouble(Point::y).filter(v -> v > 0).min().orElse(1));
        double maxY = Math.max(minY * 10, points.stream().mapToDouble(Point::y).max().orElse(10));
        double logMin = Math.floor(Math.log10(minY));
        double logMax = Math.ceil(Math.log10(maxY));
        StringBuilder svg = ConsoleSvg.open(width, height, title);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafbfc\""
                + " stroke=\"#d9dde5\"/>", left, top, plotW, plotH));
        // axes ticks: x in days, y in powers of ten
        for (int i = 0; i <= 4; i++) {
            double v = maxX * i / 4;
            int x = left + (int) Math.round(plotW * i / 4.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d9dde5\"/>",
                    x, top, x, top + plotH));
            svg.append(ConsoleSvg.text(x, top + plotH + 16, "middle", String.format(Locale.ROOT, "%.0f", v)));
        }
        for (double e = logMin; e <= logMax; e++) {
            int y = top + plotH - (int) Math.round(plotH * (e - logMin) / Math.max(1, logMax - logMin));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d9dde5\"/>",
                    left, y, left + plotW, y));
            svg.append(ConsoleSvg.text(left - 6, y + 4, "end", String.format(Locale.ROOT, "%,.0f", Math.pow(10, e))));
        }
        svg.append(ConsoleSvg.text(left + plotW / 2, height - 12, "middle", xLabel));
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\""
                + " transform=\"rotate(-90 16 %d)\">%s</text>", top + plotH / 2, top + plotH / 2, Html.escape(yLabel)));
        for (Point p : points) {
            double ly = Math.log10(Math.max(p.y(), Math.pow(10, logMin)));
            double cx = left + plotW * p.x() / maxX;
            double cy = top + plotH - plotH * (ly - logMin) / Math.max(1, logMax - logMin);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\""
                    + " fill-opacity=\"0.7\"/>", cx, cy, colours.getOrDefault(p.series(), "#7f7f7f")));
        }
        int ly = top + 4;
        for (Map.Entry<String, String> entry : colours.entrySet()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                    width - right + 14, ly, entry.getValue()));
            svg.append(ConsoleSvg.text(width - right + 30, ly + 9, "start", entry.getKey()));
            ly += 18;
        }
        return svg.append("</svg>").toString();
    }

    /** A colour per name, in order of first appearance. */
    static Map<String, String> colours(List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(names));
        for (int i = 0; i < distinct.size(); i++) {
            out.put(distinct.get(i), PALETTE[i % PALETTE.length]);
        }
        return out;
    }
}
