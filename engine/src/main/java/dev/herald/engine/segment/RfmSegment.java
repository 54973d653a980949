package dev.herald.engine.segment;

/**
 * The named RFM segments, assigned from the recency score R and the combined frequency-monetary score
 * FM = round-half-up((F + M) / 2), each 1..5. The grid covers every (R, FM) pair exactly once:
 *
 * <pre>
 *            FM=1          FM=2          FM=3          FM=4        FM=5
 *   R=5      New           Potential     Potential     Champions   Champions
 *   R=4      Promising     Potential     Potential     Loyal       Loyal
 *   R=3      Needs att.    Needs att.    Needs att.    Loyal       Loyal
 *   R=2      Hibernating   Hibernating   At risk       At risk     Can't lose
 *   R=1      Lost          Lost          At risk       At risk     Can't lose
 * </pre>
 */
public enum RfmSegment {
    CHAMPIONS("Champions", "bought recently, buy often and spend the most"),
    LOYAL("Loyal", "buy often and spend well, not necessarily very recently"),
    POTENTIAL_LOYALIST("Potential loyalist", "recent customers with average frequency and spend"),
    NEW("New", "bought very recently for the first time or little"),
    PROMISING("Promising", "recent but low frequency and spend"),
    NEEDS_ATTENTION("Needs attention", "middling recency, frequency and spend"),
    AT_RISK("At risk", "used to buy often and spend well, but not for a long time"),
    CANT_LOSE("Can't lose", "top frequency and spend, but long gone"),
    HIBERNATING("Hibernating", "low frequency and spend, last purchase long ago"),
    LOST("Lost", "lowest recency, frequency and spend");

    private final String label;
    private final String meaning;

    RfmSegment(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }

    /** The combined frequency-monetary score, 1..5, rounding halves up. */
    public static int fm(int f, int m) {
        return (f + m + 1) / 2;
    }

    /** The segment of scores r, f, m (each 1..5). */
    public static RfmSegment of(int r, int f, int m) {
        if (r < 1 || r > 5 || f < 1 || f > 5 || m < 1 || m > 5) {
            throw new IllegalArgumentException("scores must be 1..5, got " + r + "," + f + "," + m);
        }
        int fm = fm(f, m);
        return switch (r) {
            case 5 -> fm == 1 ? NEW : fm <= 3 ? POTENTIAL_LOYALIST : CHAMPIONS;
            case 4 -> fm == 1 ? PROMISING : fm <= 3 ? POTENTIAL_LOYALIST : LOYAL;
            case 3 -> fm <= 3 ? NEEDS_ATTENTION : LOYAL;
            case 2 -> fm <= 2 ? HIBERNATING : fm <= 4 ? AT_RISK : CANT_LOSE;
            default -> fm <= 2 ? LOST : fm <= 4 ? AT_RISK : CANT_LOSE;
        };
    }

    /** The segment with this label (as stored in memberships). */
    public static RfmSegment byLabel(String label) {
        for (RfmSegment s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no RFM segment '" + label + "'");
    }
}
