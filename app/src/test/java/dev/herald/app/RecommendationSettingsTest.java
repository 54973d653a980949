package dev.herald.app;

import dev.herald.engine.reco.LiveRecommendationService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The herald.reco.* settings: durations, defaults and clear errors for bad values. */
class RecommendationSettingsTest {

    @Test
    void retrainIntervalsReadAsDurations() {
        String key = HeraldConfig.RECO_RETRAIN_INTERVAL;
        assertThat(RecommendationSettings.interval(key, "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(RecommendationSettings.interval(key, "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(RecommendationSettings.interval(key, "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(RecommendationSettings.interval(key, "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RecommendationSettings.interval(key, "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(RecommendationSettings.interval(key, "0")).isZero();
    }

    @Test
    void defaultsRetrainHourlyAndRecommendFour() {
        LiveRecommendationService.Settings settings = RecommendationSettings.from(HeraldConfig.of(Map.of()));
        assertThat(settings.retrainInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.count()).isEqualTo(4);
        assertThat(settings.threads()).isPositive();
        assertThat(settings.productsFile()).isNull();
    }

    @Test
    void badValuesAreRejectedWithTheSettingNamed() {
        assertThatThrownBy(() -> RecommendationSettings.from(HeraldConfig.of(
                Map.of(HeraldConfig.RECO_RETRAIN_INTERVAL, "hourly"))))
                .hasMessageContaining("herald.reco.retrain-interval").hasMessageContaining("'hourly'");
        assertThatThrownBy(() -> RecommendationSettings.from(HeraldConfig.of(
                Map.of(HeraldConfig.RECO_PRODUCT_LINK, "javascript:alert(1)"))))
                .hasMessageContaining("herald.reco.product-link");
        assertThatThrownBy(() -> RecommendationSettings.from(HeraldConfig.of(
                Map.of(HeraldConfig.RECO_PRODUCTS_FILE, "/no/such/products.tsv"))))
                .hasMessageContaining("file not found");
        assertThatThrownBy(() -> RecommendationSettings.from(HeraldConfig.of(Map.of(HeraldConfig.RECO_COUNT, "0"))))
                .hasMessageContaining("at least 1");
    }
}
