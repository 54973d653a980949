package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The herald.reco.* settings as both runtimes read them: defaults, off switch and errors naming the setting. */
class RecommendationSettingsParserTest {

    @Test
    void unsetKeysTakeTheDefaults() {
        LiveRecommendationService.Settings settings = RecommendationSettingsParser.parse(key -> null).orElseThrow();
        assertThat(settings.algorithm()).isEqualTo(Recommenders.DEFAULT);
        assertThat(settings.count()).isEqualTo(4);
        assertThat(settings.retrainInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.threads()).isPositive();
        assertThat(settings.productsFile()).isNull();
        assertThat(settings.productLink()).isEmpty();
    }

    @Test
    void setKeysAreRead() {
        Map<String, String> values = Map.of(RecommendationSettingsParser.COUNT, " 7 ",
                RecommendationSettingsParser.THREADS, "2", RecommendationSettingsParser.RETRAIN_INTERVAL, "0",
                RecommendationSettingsParser.PRODUCT_LINK, "http://shop/p/{id}");
        LiveRecommendationService.Settings settings = RecommendationSettingsParser.parse(values::get).orElseThrow();
        assertThat(settings.count()).isEqualTo(7);
        assertThat(settings.threads()).isEqualTo(2);
        assertThat(settings.retrainInterval()).isZero();
        assertThat(settings.productLink()).isEqualTo("http://shop/p/{id}");
    }

    @Test
    void disabledGivesNoSettingsAndAnUnclearSwitchIsAnError() {
        assertThat(RecommendationSettingsParser.parse(Map.of(RecommendationSettingsParser.ENABLED, "false")::get))
                .isEmpty();
        assertThatThrownBy(() -> RecommendationSettingsParser.parse(
                Map.of(RecommendationSettingsParser.ENABLED, "no")::get))
                .hasMessageContaining("herald.reco.enabled").hasMessageContaining("'no'");
    }

    @Test
    void badNumbersNameTheSetting() {
        assertThatThrownBy(() -> RecommendationSettingsParser.parse(Map.of(RecommendationSettingsParser.COUNT, "four")::get))
                .hasMessageContaining("herald.reco.count").hasMessageContaining("'four'");
        assertThatThrownBy(() -> RecommendationSettingsParser.parse(Map.of(RecommendationSettingsParser.COUNT, "0")::get))
                .hasMessageContaining("herald.reco.count").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> RecommendationSettingsParser.parse(Map.of(RecommendationSettingsParser.THREADS, "-1")::get))
                .hasMessageContaining("herald.reco.threads");
    }
}
