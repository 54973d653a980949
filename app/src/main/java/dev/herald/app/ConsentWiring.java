package dev.herald.app;

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
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Builds the consent, suppression, tracking, bounce and privacy services from Herald's settings. */
final class ConsentWiring {

    private ConsentWiring() {
    }

    /** The send-time gate, asking the live campaigns which are {@code type: transactional} (ADR 0034). */
    static SuppressionGate suppressionGate(Predicate<String> transactionalCampaigns) {
        return new SuppressionGate(transactionalCampaigns);
    }

    /**
     * @param topicLabels       the live campaigns' subscription topics (id → label), for the preference page
     * @param topicTranslations their labels in other languages (topic → language tag → label)
     */
    static Engagement engagement(HeraldConfig config, Transactions transactions,
                                 java.util.function.Supplier<java.util.Map<String, String>> topicLabels,
                                 java.util.function.Supplier<java.util.Map<String, java.util.Map<String, String>>>
                                         topicTranslations) {
        Clock clock = Clock.systemUTC();
        TrackingTokens tokens = TrackingTokens.fromConfigOrDatabase(config.get(HeraldConfig.TRACKING_SECRET),
                transactions);
        BounceService bounces = new BounceService(transactions, clock, config.getInt(HeraldConfig.BOUNCE_SOFT_LIMIT),
                Duration.ofDays(config.getInt(HeraldConfig.BOUNCE_SOFT_WINDOW_DAYS)));
        return new Engagement(new EngagementService(transactions, tokens, clock),
                new SuppressionList(transactions, clock), bounces, new PrivacyService(transactions, clock),
                config.get(HeraldConfig.API_KEY), config.get(HeraldConfig.BOUNCE_MAILBOX),
                new dev.herald.engine.consent.TopicPreferences(transactions, clock), topicLabels, topicTranslations);
    }

    static EngagementHooks hooks(Engagement engagement, SuppressionGate gate, Supplier<String> publicUrl) {
        return new EngagementHooks(engagement.engagement().tokens(), publicUrl, gate, engagement.bounces())
                .withPreferences(() -> !engagement.topicLabels().get().isEmpty());
    }
}
