package dev.herald.app;

import dev.herald.engine.reco.LiveRecommendationService;
import dev.herald.engine.reco.RecommendationSettingsParser;

import java.time.Duration;

/**
 * Turns the {@code herald.reco.*} settings into the recommendation service's settings, with clear errors; the
 * parsing is the engine's {@link RecommendationSettingsParser}, shared with the EAR.
 */
final class RecommendationSettings {

    private RecommendationSettings() {
    }

    /** The settings; call only when {@code herald.reco.enabled} is true. */
    static LiveRecommendationService.Settings from(HeraldConfig config) {
        return RecommendationSettingsParser.parse(key -> key.equals(HeraldConfig.RECO_ENABLED) ? null : config.get(key))
                .orElseThrow();
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d}, {@code 500ms}; a bare number is seconds; 0 = never. */
    static Duration interval(String key, String value) {
        return RecommendationSettingsParser.interval(key, value);
    }
}
