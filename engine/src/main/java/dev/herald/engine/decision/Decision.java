package dev.herald.engine.decision;

import java.time.Duration;
import java.util.Objects;

/**
 * A rule's verdict: start campaign {@code campaign} for {@code customerId}, sending template
 * {@code templateKey}. Rules emit decisions and nothing else; the engine acts on them.
 *
 * @param variant        the experiment variant chosen ({@link #DEFAULT_VARIANT} when the campaign has none)
 * @param delay          how long to wait before sending ({@link Duration#ZERO}: now)
 * @param cancelOnEvent  an event type that cancels the send if it arrives before the delay ends (e.g. an order
 *                       after an abandoned cart), or {@code null}
 */
public record Decision(String campaign, String templateKey, String customerId, String variant, Duration delay,
                       String cancelOnEvent) {

    public static final String DEFAULT_VARIANT = "A";

    public Decision {
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(templateKey, "templateKey");
        Objects.requireNonNull(customerId, "customerId");
        variant = variant == null ? DEFAULT_VARIANT : variant;
        delay = delay == null ? Duration.ZERO : delay;
    }

    /** Send {@code templateKey} now, no experiment. */
    public Decision(String campaign, String templateKey, String customerId) {
        this(campaign, templateKey, customerId, DEFAULT_VARIANT, Duration.ZERO, null);
    }
}
