package dev.herald.rules.campaign;

import dev.herald.rules.campaign.CampaignDefinition.FrequencyCap;

import java.util.Map;
import java.util.Set;

/**
 * Folder-wide settings ({@code herald-rules.yaml}): the global cap across all campaigns, segment names the
 * campaigns may use besides the catalogue's, and the subscription topics customers may opt out of one by one.
 *
 * @param globalCap at most this many campaign sends per customer and period, all campaigns together; {@code null}: none
 * @param topics    topic id → the label customers read on their preference page, in the order written (ADR 0063)
 * @param globalControl the customers who get no marketing email at all, to measure Herald's lift (ADR 0066)
 * @param topicTranslations topic id → language tag → the label in that language, for the preference page in the
 *                          customer's language (ADR 0064); topics without translations are not listed
 * @param sunset    when marketing email stops for customers who no longer open, click or buy (ADR 0070)
 * @param deliverability when a marketing campaign whose emails bounce or draw complaints is paused (ADR 0074); on
 *                       with {@link dev.herald.engine.delivery.DeliverabilityPolicy#DEFAULT} unless the file says off
 * @param scoring   how engagement is scored (ADR 0075); on with {@link dev.herald.engine.scoring.ScoringPolicy#DEFAULT}
 *                  unless the file says off
 */
public record RuleSettings(FrequencyCap globalCap, Set<String> extraSegments, Map<String, String> topics,
                           dev.herald.engine.experiment.GlobalControlGroup globalControl,
                           Map<String, Map<String, String>> topicTranslations,
                           dev.herald.engine.delivery.SunsetPolicy sunset,
                           dev.herald.engine.delivery.DeliverabilityPolicy deliverability,
                           dev.herald.engine.scoring.ScoringPolicy scoring) {

    public static final String FILE_NAME = "herald-rules.yaml";
    public static final RuleSettings DEFAULT = new RuleSettings(null, Set.of(), Map.of(),
            dev.herald.engine.experiment.GlobalControlGroup.NONE, Map.of(), dev.herald.engine.delivery.SunsetPolicy.NONE,
            dev.herald.engine.delivery.DeliverabilityPolicy.DEFAULT, dev.herald.engine.scoring.ScoringPolicy.DEFAULT);

    public RuleSettings {
        topicTranslations = topicTranslations == null ? Map.of() : Map.copyOf(topicTranslations);
        sunset = sunset == null ? dev.herald.engine.delivery.SunsetPolicy.NONE : sunset;
        deliverability = deliverability == null ? dev.herald.engine.delivery.DeliverabilityPolicy.DEFAULT : deliverability;
        scoring = scoring == null ? dev.herald.engine.scoring.ScoringPolicy.DEFAULT : scoring;
        globalControl = globalControl == null ? dev.herald.engine.experiment.GlobalControlGroup.NONE : globalControl;
        extraSegments = Set.copyOf(extraSegments);
        topics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(topics));
    }
}
