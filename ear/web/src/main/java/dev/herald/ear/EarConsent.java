package dev.herald.ear;

import dev.herald.engine.consent.BounceService;
import dev.herald.engine.consent.SuppressionGate;
import dev.herald.engine.consent.SuppressionList;
import dev.herald.engine.engagement.EngagementHooks;
import dev.herald.engine.engagement.EngagementService;
import dev.herald.engine.engagement.TrackingTokens;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.privacy.PrivacyService;
import dev.herald.routes.Engagement;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Consent, suppression, tracking, bounces and privacy in WildFly, from the same settings as the standalone
 * runtime (system properties or HERALD_* environment variables). {@code herald.public-url} should be set to the
 * address recipients reach the server at; it defaults to http://127.0.0.1:8080.
 */
final class EarConsent {

    final SuppressionGate gate;
    final Engagement engagement;
    final EngagementHooks hooks;

    /**
     * @param transactionalCampaigns which campaigns are {@code type: transactional} in the live definitions
     * @param topicLabels            the live campaigns' subscription topics (id → label), for the preference page
     * @param topicTranslations      their labels in other languages (topic → language tag → label)
     */
    EarConsent(Transactions transactions, Predicate<String> transactionalCampaigns,
               java.util.function.Supplier<java.util.Map<String, String>> topicLabels,
               java.util.function.Supplier<java.util.Map<String, java.util.Map<String, String>>> topicTranslations) {
        Clock clock = Clock.systemUTC();
        SuppressionGate.refuseRemovedTransactionalSetting(
                setting(SuppressionGate.REMOVED_TRANSACTIONAL_SETTING, ""));
        gate = new SuppressionGate(transactionalCampaigns);
        TrackingTokens tokens = TrackingTokens.fromConfigOrDatabase(setting("herald.tracking.secret", ""), transactions);
        BounceService bounces = new BounceService(transactions, clock,
                Integer.parseInt(setting("herald.bounce.soft-limit", "3")),
                Duration.ofDays(Integer.parseInt(setting("herald.bounce.soft-window-days", "7"))));
        engagement = new Engagement(new EngagementService(transactions, tokens, clock),
                new SuppressionList(transactions, clock), bounces, new PrivacyService(transactions, clock),
                setting("herald.api.key", ""), setting("herald.bounce.mailbox", ""),
                new dev.herald.engine.consent.TopicPreferences(transactions, clock), topicLabels, topicTranslations);
        String publicUrl = publicUrl();
        hooks = new EngagementHooks(tokens, () -> publicUrl, gate, bounces)
                .withPreferences(() -> !topicLabels.get().isEmpty());
    }

    /** Where recipients reach Herald's unsubscribe, tracking and opt-in links: {@code herald.public-url}. */
    static String publicUrl() {
        return setting("herald.public-url", "http://127.0.0.1:8080");
    }

    private static String setting(String key, String fallback) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
