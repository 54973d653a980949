package dev.herald.routes;

import dev.herald.engine.consent.BounceService;
import dev.herald.engine.consent.SuppressionList;
import dev.herald.engine.consent.TopicPreferences;
import dev.herald.engine.engagement.EngagementService;
import dev.herald.engine.privacy.PrivacyService;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What the engagement, bounce and privacy routes work with, wired by the host.
 *
 * @param apiKey         the admin/API key ({@code herald.api.key}) the bounce webhook and privacy endpoints
 *                       require; blank = those endpoints answer 503 until one is set
 * @param bounceMailbox  a camel-mail consumer URI of the bounce mailbox ({@code imap://…}, {@code pop3://…}
 *                       with credentials), or blank for none
 * @param topics         customers' subscription-topic choices, made on their preference page (ADR 0063)
 * @param topicLabels    the live campaigns' topics, id → label (none: the preference page has nothing to offer)
 * @param topicTranslations the labels in other languages, topic → language tag → label (ADR 0064)
 */
public record Engagement(EngagementService engagement, SuppressionList suppressions, BounceService bounces,
                         PrivacyService privacy, String apiKey, String bounceMailbox, TopicPreferences topics,
                         Supplier<Map<String, String>> topicLabels,
                         Supplier<Map<String, Map<String, String>>> topicTranslations) {

    /** A topic's label in {@code language} where it is translated (de-AT, then de), else its own label. */
    public String topicLabel(String topic, java.util.Locale language) {
        Map<String, String> translated = topicTranslations.get().getOrDefault(topic, Map.of());
        for (String tag : dev.herald.templates.Translations.chain(language.toLanguageTag())) {
            if (translated.containsKey(tag)) {
                return translated.get(tag);
            }
        }
        return topicLabels.get().getOrDefault(topic, topic);
    }
}
