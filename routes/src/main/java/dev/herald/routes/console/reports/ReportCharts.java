package dev.herald.routes.console.reports;

import dev.herald.engine.engagement.EngagementReport;
import dev.herald.routes.console.ConsoleSvg;

import java.util.List;
import java.util.Locale;

/**
 * The reports page's daily chart, made on the server as SVG (no script, no inline style: the console's
 * Content-Security-Policy allows neither). Bars are the emails sent each day; the lines, on the same scale, the
 * emails opened and clicked that day, so a campaign's rhythm and its readers' response are seen together.
 */
final class ReportCharts {

    static final String SENT = "#9ecae1";
    static final String OPENED = "#E69F00";
    static final String CLICKED = "#009E73";

    private ReportCharts() {
    }

    static String daily(String title, List<EngagementReport.Day> days) {
        int width = 760;
        int height = 260;
        int left = 56;
        int right = 16;
        int top = 34;
        int bottom = 36;
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        long max = 1;
        for (EngagementReport.Day d : days) {
            max = Math.max(max, Math.max(d.sent(), Math.max(d.opened(), d.clicked())));
        }
        long scale = niceCeiling(max);
        StringBuilder svg = ConsoleSvg.open(width, height, title);
        // grid and y axis: 0, half, the top
        for (int i = 0; i <= 2; i++) {
            double y = top + plotHeight - plotHeight * i / 2.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e6eb\"/>",
                    left, y, left + plotWidth, y));
            svg.append(ConsoleSvg.text(left - 6, y + 4, "end", axisLabel(scale * i / 2.0)));
        }
        double slot = plotWidth / (double) Math.max(1, days.size());
        double barWidth = Math.max(1, slot * 0.7);
        StringBuilder opened = new StringBuilder();
        StringBuilder clicked = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            EngagementReport.Day d = days.get(i);
            double x = left + slot * i + (slot - barWidth) / 2;
            double h = plotHeight * d.sent() / (double) scale;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                    + " fill=\"%s\"><title>%s: %,d sent, %,d opened, %,d clicked</title></rect>", x,
                    top + plotHeight - h, barWidth, h, SENT, d.date(), d.sent(), d.opened(), d.clicked()));
            double centre = left + slot * i + slot / 2;
            opened.append(String.format(Locale.ROOT, "%.1f,%.1f ", centre,
                    top + plotHeight - plotHeight * d.opened() / (double) scale));
            clicked.append(String.format(Locale.ROOT, "%.1f,%.1f ", centre,
                    top + plotHeight - plotHeight * d.clicked() / (double) scale));
        }
        svg.append(polyline(opened, OPENED, "opened")).append(polyline(clicked, CLICKED, "clicked"));
        // x axis: first, middle and last day, the outer ones kept inside the picture
        if (!days.isEmpty()) {
            svg.append(ConsoleSvg.text(left, height - bottom + 18, "start", days.get(0).date().toString()));
            if (days.size() > 2) {
                int middle = days.size() / 2;
                svg.append(ConsoleSvg.text(left + slot * middle + slot / 2, height - bottom + 18, "middle",
                        days.get(middle).date().toString()));
            }
            if (days.size() > 1) {
                svg.append(ConsoleSvg.text(left + plotWidth, height - bottom + 18, "end",
                        days.get(days.size() - 1).date().toString()));
            }
        }
        // legend
        int x = left;
        for (String[] entry : new String[][]{{SENT, "sent"}, {OPENED, "opened"}, {CLICKED, "clicked"}}) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"12\" height=\"12\" fill=\"%s\"/>",
                    x, entry[0])).append(ConsoleSvg.text(x + 16, 21, "start", entry[1]));
            x += 90;
        }
        return svg.append("</svg>").toString();
    }

    /** "2,500", or "2.5" for a half that is not a whole number. */
    static String axisLabel(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code max}: round numbers on the axis. */
    static long niceCeiling(long max) {
        long power = 1;
        while (power * 10 <= max) {
            power *= 10;
        }
        for (long step : new long[]{1, 2, 5, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String polyline(StringBuilder points, String colour, String label) {
        return String.format(Locale.ROOT, "<polyline class=\"%s\" points=\"%s\" fill=\"none\" stroke=\"%s\""
                + " stroke-width=\"2\"/>", label, points.toString().strip(), colour);
    }
}
