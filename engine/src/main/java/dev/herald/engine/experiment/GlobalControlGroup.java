package dev.herald.engine.experiment;

/**
 * The customers kept out of all marketing email so that Herald's overall effect can be measured (ADR 0066): a
 * stable share of customers, drawn by hashing the customer id with a fixed salt, so membership needs no state and
 * is the same on every node and after every restart. Raising the share only adds members (those whose draw falls
 * between the old and the new share); lowering it releases the newest. Transactional email is never held back.
 *
 * @param share the fraction of customers in the group, 0 (none, the default) to {@link #MAX_SHARE}
 */
public record GlobalControlGroup(double share) {

    /** More than half would make Herald's own marketing the control. */
    public static final double MAX_SHARE = 0.5;
    public static final GlobalControlGroup NONE = new GlobalControlGroup(0);
    /** The salt of the draw; never change it, or every customer's membership changes. */
    static final String SALT = "herald:global-control-group";

    public GlobalControlGroup {
        if (!(share >= 0 && share <= MAX_SHARE)) {
            throw new IllegalArgumentException("the global control group's share must be within 0..0.5, was " + share);
        }
    }

    /**
     * A share written {@code 5%} or {@code 0.05}, as herald-rules.yaml and the command line take it.
     *
     * @throws IllegalArgumentException when it is not a number, with or without a {@code %}
     */
    public static double parseShare(String text) {
        String t = text == null ? "" : text.strip();
        boolean percent = t.endsWith("%");
        try {
            double value = Double.parseDouble(percent ? t.substring(0, t.length() - 1).strip() : t);
            if (Double.isFinite(value)) {
                return percent ? value / 100 : value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be a share such as 5% or 0.05, got '" + t + "'");
    }

    /** Whether the customer is in the group. */
    public boolean contains(String customerId) {
        return share > 0 && VariantAssigner.bucket(SALT, customerId) < share;
    }

    /** {@code 5%}, for messages. */
    public String percent() {
        double percent = share * 100;
        return (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent)) + "%";
    }
}
