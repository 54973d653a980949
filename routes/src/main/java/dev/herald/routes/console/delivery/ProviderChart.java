package dev.herald.routes.console.delivery;

import dev.herald.engine.delivery.DeliverabilityPolicy;
import dev.herald.engine.delivery.MailboxProviderReport;
import dev.herald.routes.console.ConsoleSvg;

import java.util.List;
import java.util.Locale;

/**
 * The delivery page's picture of deliverability by mailbox provider (ADR 0074): per provider, a bar for its open rate
 * and one for its bounce and complaint rate together, on one scale, so a provider whose opens lag or whose problems
 * stand out is seen at a glance. Server-made SVG: no script, no inline style (the console's policy).
 */
final class ProviderChart {

    static final int MAX_PROVIDERS = 8;
    private static final int WIDTH = 640;
    private static final int ROW = 34;
    private static final int LABEL = 150;
    private static final int BAR_WIDTH = 400;

    private ProviderChart() {
    }

    /** The chart, or null when no provider received an email (nothing to compare). */
    static String svg(List<MailboxProviderReport.Row> rows) {
        List<MailboxProviderReport.Row> shown = rows.stream().filter(r -> r.emails() > 0).limit(MAX_PROVIDERS).toList();
        if (shown.isEmpty()) {
            return null;
        }
        double top = Math.max(0.01, shown.stream().mapToDouble(r -> Math.max(r.openRate(),
                r.bounceRate() + r.complaintRate())).max().orElse(0));
        int height = 30 + ROW * shown.size();
        StringBuilder svg = ConsoleSvg.open(WIDTH, height, "Open rate and bounce plus complaint rate by mailbox"
                + " provider");
        svg.append("<rect x=\"").append(LABEL).append("\" y=\"5\" width=\"12\" height=\"10\" fill=\"#2b6cb0\"/>")
                .append(ConsoleSvg.text(LABEL + 16, 14, "start", "opened"))
                .append("<rect x=\"").append(LABEL + 90).append("\" y=\"5\" width=\"12\" height=\"10\" fill=\"#c53030\"/>")
                .append(ConsoleSvg.text(LABEL + 106, 14, "start", "bounced or complained"));
        int y = 26;
        for (MailboxProviderReport.Row r : shown) {
            double problems = r.bounceRate() + r.complaintRate();
            svg.append(ConsoleSvg.text(LABEL - 8, y + 13, "end", r.provider()));
            svg.append(bar(y, r.openRate() / top, "#2b6cb0", r.provider() + ": " + percent(r.openRate()) + " of "
                    + r.emails() + " emails opened"));
            svg.append(bar(y + 14, problems / top, "#c53030", r.provider() + ": " + percent(problems)
                    + " bounced or complained"));
            svg.append(ConsoleSvg.text(LABEL + BAR_WIDTH * r.openRate() / top + 6, y + 10, "start",
                    percent(r.openRate())));
            svg.append(ConsoleSvg.text(LABEL + BAR_WIDTH * problems / top + 6, y + 24, "start", percent(problems)));
            y += ROW;
        }
        return svg.append("</svg>").toString();
    }

    private static String bar(int y, double fraction, String colour, String title) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"11\" fill=\"%s\"><title>%s"
                + "</title></rect>", LABEL, y, Math.max(1, BAR_WIDTH * fraction), colour,
                dev.herald.routes.Html.escape(title));
    }

    private static String percent(double share) {
        return DeliverabilityPolicy.percent(share);
    }
}
