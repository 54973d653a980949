package dev.herald.engine.lifetime;

/**
 * The lifetime scheme's segments (ADR 0072), by the chance to buy in the next 90 days: stored as membership like RFM's,
 * so campaigns name them in {@code audience.segments} and a move between them is a {@code segment_changed} event (e.g.
 * a win-back when a customer moves to "Unlikely to buy").
 */
public enum LifetimeSegment {

    LIKELY("Likely to buy"),
    MAY("May buy"),
    UNLIKELY("Unlikely to buy");

    /** From this chance on, a customer is likely to buy. */
    public static final double LIKELY_FROM = 0.6;
    /** Below this chance, a customer is unlikely to buy. */
    public static final double UNLIKELY_BELOW = 0.2;

    private final String label;

    LifetimeSegment(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static LifetimeSegment of(double purchaseProbability) {
        if (purchaseProbability >= LIKELY_FROM) {
            return LIKELY;
        }
        return purchaseProbability >= UNLIKELY_BELOW ? MAY : UNLIKELY;
    }
}
