package dev.herald.engine.decision;

import java.util.Objects;

/**
 * A rule's verdict: start campaign {@code campaign} for {@code customerId}, sending template
 * {@code templateKey}. Rules emit decisions and nothing else; the engine acts on them.
 */
public record Decision(String campaign, String templateKey, String customerId) {

    public Decision {
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(templateKey, "templateKey");
        Objects.requireNonNull(customerId, "customerId");
    }
}
