package dev.herald.ear;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EarSettingsTest {

    @Test
    void withNothingSetUsesTheStandaloneDefaults() {
        EarSettings settings = EarSettings.from(key -> null, Map.of());

        assertThat(settings.consumers()).isEqualTo(4);
        assertThat(settings.fromAddress()).isEqualTo("Herald Shop <hello@herald.example>");
        assertThat(settings.dispatchPeriod()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.dispatchBatch()).isEqualTo(50);
    }

    @Test
    void environmentVariablesAreReadUnderTheirUpperCaseNames() {
        EarSettings settings = EarSettings.from(key -> null,
                Map.of("HERALD_CONSUMERS", "6", "HERALD_DISPATCH_PERIOD_MS", "100", "HERALD_MAIL_FROM", "Shop <a@b.c>"));

        assertThat(settings.consumers()).isEqualTo(6);
        assertThat(settings.dispatchPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.fromAddress()).isEqualTo("Shop <a@b.c>");
    }

    @Test
    void systemPropertiesWinOverEnvironmentVariables() {
        EarSettings settings = EarSettings.from(key -> key.equals("herald.dispatch.batch") ? "7" : null,
                Map.of("HERALD_DISPATCH_BATCH", "9"));

        assertThat(settings.dispatchBatch()).isEqualTo(7);
    }

    @Test
    void aValueThatIsNotAPositiveNumberIsRejectedWithItsName() {
        assertThatThrownBy(() -> EarSettings.from(key -> null, Map.of("HERALD_CONSUMERS", "two")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("herald.consumers").hasMessageContaining("'two'");
        assertThatThrownBy(() -> EarSettings.from(key -> null, Map.of("HERALD_DISPATCH_BATCH", "0")))
                .hasMessageContaining("herald.dispatch.batch");
    }

    @Test
    void ingestionSecretsComeFromTheEnvironmentAndAreOffWhenUnset() {
        var ingest = EarSettings.ingest(key -> key.equals("herald.api.key") ? "k-prop" : null,
                Map.of("HERALD_API_KEY", "k-env", "HERALD_WEBHOOK_SHOPIFY_SECRET", "shp"));

        assertThat(ingest.apiKey()).isEqualTo("k-prop");
        assertThat(ingest.shopifySecret()).isEqualTo("shp");
        assertThat(ingest.hubspotSecret()).isEmpty();
        assertThat(EarSettings.ingest(key -> null, Map.of()).apiKey()).isEmpty();
    }

    @Test
    void recommendationSettingsAreReadAsTheStandaloneRuntimeReadsThem() {
        var reco = EarSettings.recommendations(key -> key.equals("herald.reco.count") ? "6" : null,
                Map.of("HERALD_RECO_RETRAIN_INTERVAL", "30m", "HERALD_RECO_THREADS", "3",
                        "HERALD_RECO_PRODUCT_LINK", "https://shop.example/p/{id}", "HERALD_RECO_COUNT", "9"))
                .orElseThrow();

        assertThat(reco.count()).isEqualTo(6);
        assertThat(reco.retrainInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(reco.threads()).isEqualTo(3);
        assertThat(reco.productLink()).isEqualTo("https://shop.example/p/{id}");
    }

    @Test
    void recommendationsKeepTheDefaultsWhenUnsetAndCanBeTurnedOff() {
        var reco = EarSettings.recommendations(key -> null, Map.of()).orElseThrow();
        assertThat(reco.retrainInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(reco.count()).isEqualTo(4);
        assertThat(reco.productsFile()).isNull();

        assertThat(EarSettings.recommendations(key -> null, Map.of("HERALD_RECO_ENABLED", "false"))).isEmpty();
    }

    @Test
    void aBadRecommendationSettingIsRejectedWithItsName() {
        assertThatThrownBy(() -> EarSettings.recommendations(key -> null,
                Map.of("HERALD_RECO_RETRAIN_INTERVAL", "hourly")))
                .hasMessageContaining("herald.reco.retrain-interval").hasMessageContaining("'hourly'");
        assertThatThrownBy(() -> EarSettings.recommendations(key -> null,
                Map.of("HERALD_RECO_PRODUCTS_FILE", "/no/such/products.tsv")))
                .hasMessageContaining("herald.reco.products-file");
    }

    @Test
    void theConversionWindowIsSevenDaysUnlessSetAndReadFromTheEnvironmentToo() {
        assertThat(EarSettings.conversionWindow(EarSettings.lookup(key -> null, Map.of()))).isEqualTo(Duration.ofDays(7));
        assertThat(EarSettings.conversionWindow(EarSettings.lookup(key -> null,
                Map.of("HERALD_ENGAGEMENT_CONVERSION_WINDOW", "2d")))).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> EarSettings.conversionWindow(EarSettings.lookup(key -> null,
                Map.of("HERALD_ENGAGEMENT_CONVERSION_WINDOW", "soon")))).hasMessageContaining("not a duration");
    }

    @Test
    void theIngestBatchSizeIsAHundredUnlessSetAndOutOfRangeValuesAreRefusedWithTheName() {
        assertThat(EarSettings.ingestBatchSize(EarSettings.lookup(key -> null, Map.of()))).isEqualTo(100);
        assertThat(EarSettings.ingestBatchSize(EarSettings.lookup(key -> null,
                Map.of("HERALD_INGEST_BATCH_SIZE", "1")))).isEqualTo(1);
        assertThat(EarSettings.ingestBatchSize(EarSettings.lookup(key -> null,
                Map.of("HERALD_INGEST_BATCH_SIZE", "1000")))).isEqualTo(1000);
        for (String bad : new String[]{"0", "1001", "-5", "many"}) {
            assertThatThrownBy(() -> EarSettings.ingestBatchSize(EarSettings.lookup(key -> null,
                    Map.of("HERALD_INGEST_BATCH_SIZE", bad))))
                    .hasMessageContaining("herald.ingest.batch-size").hasMessageContaining("1 to 1000")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void theBatchPrefetchIsOnUnlessSetToFalseAndOtherValuesAreRefusedWithTheName() {
        assertThat(EarSettings.ingestBatchPrefetch(EarSettings.lookup(key -> null, Map.of()))).isTrue();
        assertThat(EarSettings.ingestBatchPrefetch(EarSettings.lookup(key -> null,
                Map.of("HERALD_INGEST_BATCH_PREFETCH", "false")))).isFalse();
        assertThat(EarSettings.ingestBatchPrefetch(EarSettings.lookup(
                key -> key.equals("herald.ingest.batch-prefetch") ? "FALSE" : null, Map.of()))).isFalse();
        assertThat(EarSettings.ingestBatchPrefetch(EarSettings.lookup(key -> null,
                Map.of("HERALD_INGEST_BATCH_PREFETCH", "true")))).isTrue();
        assertThatThrownBy(() -> EarSettings.ingestBatchPrefetch(EarSettings.lookup(key -> null,
                Map.of("HERALD_INGEST_BATCH_PREFETCH", "yes"))))
                .hasMessageContaining("herald.ingest.batch-prefetch").hasMessageContaining("true or false")
                .hasMessageContaining("'yes'");
    }
}
