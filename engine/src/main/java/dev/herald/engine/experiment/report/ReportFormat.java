package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.stats.Interval;

import java.util.Locale;

/** How numbers read in report text: fixed English formatting, "n/a" for what cannot be computed. */
public final class ReportFormat {

    public static final String NOT_AVAILABLE = "n/a";

    private ReportFormat() {
    }

    /** 0.0619 → "6.2 %". */
    public static String percent(Double fraction) {
        return fraction == null ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** A percentage with the precision a small difference needs: 0.0003 → "0.03 %". */
    public static String percentPrecise(Double fraction) {
        return fraction == null ? NOT_AVAILABLE : percentWith(fraction, decimalsFor(Math.abs(fraction)));
    }

    /** "0.6 %–11.8 %": both bounds with the decimals the larger one needs, so a range reads evenly. */
    public static String percentRange(Interval interval) {
        if (interval == null) {
            return NOT_AVAILABLE;
        }
        int decimals = decimalsFor(Math.max(Math.abs(interval.low()), Math.abs(interval.high())));
        return percentWith(interval.low(), decimals) + "–" + percentWith(interval.high(), decimals);
    }

    /** A value with the decimals that its interval's range uses, so "6.2 % (95 % CI 0.6 %–11.8 %)" matches. */
    public static String percentLike(double fraction, Interval interval) {
        double scale = Math.abs(fraction);
        if (interval != null) {
            scale = Math.max(scale, Math.max(Math.abs(interval.low()), Math.abs(interval.high())));
        }
        return percentWith(fraction, decimalsFor(scale));
    }

    private static int decimalsFor(double fraction) {
        double abs = Math.abs(fraction * 100);
        return abs == 0 || abs >= 1 ? 1 : Math.min(4, 1 + (int) Math.ceil(-Math.log10(abs)));
    }

    private static String percentWith(double fraction, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f %%", fraction * 100);
    }

    /** A chance: "98.7 %", with "&gt; 99.9 %" and "&lt; 0.1 %" at the ends so nothing reads as certain. */
    public static String chance(Double probability) {
        if (probability == null) {
            return NOT_AVAILABLE;
        }
        if (probability > 0.999) {
            return "> 99.9 %";
        }
        if (probability < 0.001) {
            return "< 0.1 %";
        }
        return percent(probability);
    }

    /** "0.026", "< 0.001". */
    public static String pValue(Double p) {
        if (p == null) {
            return NOT_AVAILABLE;
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** "p = 0.026", "p < 0.001". */
    public static String pEquals(Double p) {
        String text = pValue(p);
        return text.startsWith("<") ? "p " + text : "p = " + text;
    }

    public static String number(Double value, int decimals) {
        return value == null ? NOT_AVAILABLE : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** 24050 → "24,050". */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Confidence level as text: alpha 0.05 → "95 %". */
    public static String confidence(double alpha) {
        double level = (1 - alpha) * 100;
        return (Math.abs(level - Math.rint(level)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", level)
                : String.format(Locale.ROOT, "%.1f", level)) + " %";
    }
}
