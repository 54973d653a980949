package dev.herald.engine.scoring;

/**
 * The engagement scheme's segments (ADR 0075), by score: stored as membership like RFM's and the lifetime scheme's, so
 * campaigns name them in {@code audience.segments} and a move between them is a {@code segment_changed} event (e.g. a
 * personal offer when a customer becomes "Very engaged", a check-in when they slip to "Not engaged").
 */
public enum EngagementSegment {

    VERY("Very engaged"),
    ENGAGED("Engaged"),
    NOT("Not engaged");

    private final String label;

    EngagementSegment(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static EngagementSegment of(double score, ScoringPolicy policy) {
        if (score >= policy.veryEngagedFrom()) {
            return VERY;
        }
        return score >= policy.engagedFrom() ? ENGAGED : NOT;
    }
}
