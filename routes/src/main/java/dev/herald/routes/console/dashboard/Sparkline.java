package dev.herald.routes.console.dashboard;

import java.util.Locale;

/** The points of a small SVG line chart of a series, drawn on the server (no chart library, no script needed). */
final class Sparkline {

    static final int WIDTH = 300;
    static final int HEIGHT = 60;
    private static final int PAD = 2;

    private Sparkline() {
    }

    /** {@code x,y} pairs for an SVG {@code polyline} in a {@value #WIDTH}×{@value #HEIGHT} box; zero is the bottom. */
    static String points(long[] series) {
        long max = 1;
        for (long v : series) {
            max = Math.max(max, v);
        }
        StringBuilder points = new StringBuilder();
        int n = series.length;
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? 0 : (double) i * WIDTH / (n - 1);
            double y = HEIGHT - PAD - (double) series[i] * (HEIGHT - 2 * PAD) / max;
            if (i > 0) {
                points.append(' ');
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return points.toString();
    }
}
