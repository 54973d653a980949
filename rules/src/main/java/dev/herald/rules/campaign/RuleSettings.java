package dev.herald.rules.campaign;

import dev.herald.rules.campaign.CampaignDefinition.FrequencyCap;

import java.util.Set;

/**
 * Folder-wide settings ({@code herald-rules.yaml}): the global cap across all campaigns, and segment names the
 * campaigns may use besides the catalogue's.
 *
 * @param globalCap at most this many campaign sends per customer and period, all campaigns together; {@code null}: none
 */
public record RuleSettings(FrequencyCap globalCap, Set<String> extraSegments) {

    public static final String FILE_NAME = "herald-rules.yaml";
    public static final RuleSettings DEFAULT = new RuleSettings(null, Set.of());

    public RuleSettings {
        extraSegments = Set.copyOf(extraSegments);
    }
}
