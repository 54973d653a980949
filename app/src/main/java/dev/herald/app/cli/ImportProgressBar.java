package dev.herald.app.cli;

import dev.herald.engine.imports.ImportProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on the terminal (stderr, so stdout stays parseable): phase, bar, rows done of
 * total, rows per second and the estimated time left. Redrawn at most four times a second.
 */
final class ImportProgressBar implements ImportProgress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private String phase;
    private long phaseStart;
    private long lastDraw;

    private long lastUpdate = System.nanoTime();

    ImportProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void update(String newPhase, long done, long total) {
        long now = System.nanoTime();
        if (!newPhase.equals(phase)) {
            if (phase != null) {
                out.println();
            }
            phase = newPhase;
            phaseStart = lastUpdate; // the phase began when the previous one ended (or the bar was made)
            lastDraw = 0;
        }
        lastUpdate = now;
        boolean finished = done >= total;
        if (!finished && now - lastDraw < 250_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - phaseStart) / 1e9);
        double rate = done / seconds;
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = finished ? String.format(Locale.ROOT, "done in %.1fs", seconds)
                : rate <= 0 ? "ETA --" : String.format(Locale.ROOT, "ETA %.0fs", (total - done) / rate);
        out.printf(Locale.ROOT, "\r%-8s [%s%s] %,d/%,d rows  %,.0f rows/s  %s   ", phase, "#".repeat(filled),
                " ".repeat(WIDTH - filled), done, total, rate, eta);
        if (finished) {
            out.println();
            phase = null;
        }
        out.flush();
    }

    /** Ends the current line. */
    void finish() {
        if (phase != null) {
            out.println();
            phase = null;
        }
    }
}
