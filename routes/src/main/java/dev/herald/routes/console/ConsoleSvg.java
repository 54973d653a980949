package dev.herald.routes.console;

import dev.herald.routes.Html;

import java.util.Locale;

/**
 * The pieces every server-made console chart starts from: the {@code <svg>} element with its accessible title, and a
 * label. Text from data is XML-escaped here, so charts can be put into a page unescaped.
 */
public final class ConsoleSvg {

    private ConsoleSvg() {
    }

    /** An open {@code <svg>} of the given size, titled for screen readers and tooltips; the caller closes it. */
    public static StringBuilder open(int width, int height, String title) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""
                + " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"system-ui, sans-serif\""
                + " aria-label=\"%s\"><title>%s</title>", width, height, width, height, Html.escape(title),
                Html.escape(title)));
    }

    /** A 12-pixel label at (x, y), rounded to whole pixels, anchored start, middle or end. */
    public static String text(double x, double y, String anchor, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"%s\" font-size=\"12\">%s</text>",
                x, y, anchor, Html.escape(s));
    }
}
