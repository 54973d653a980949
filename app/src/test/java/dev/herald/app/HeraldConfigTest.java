package dev.herald.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeraldConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhenNothingIsSet() {
        HeraldConfig config = HeraldConfig.load(null, Map.of(), Map.of(HeraldConfig.DATA_DIR, dir.toString()));

        assertThat(config.getInt(HeraldConfig.HTTP_PORT)).isEqualTo(8080);
        assertThat(config.get(HeraldConfig.SMTP_HOST)).isEmpty();
        assertThat(config.getBoolean(HeraldConfig.SMTP_TLS)).isFalse();
        assertThat(config.getInt(HeraldConfig.CONSUMERS))
                .isEqualTo(HeraldConfig.defaultConsumers(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void defaultConsumersPerQueueAreHalfTheProcessorsFromOneToFour() {
        assertThat(HeraldConfig.defaultConsumers(1)).isEqualTo(1);
        assertThat(HeraldConfig.defaultConsumers(2)).isEqualTo(1);
        assertThat(HeraldConfig.defaultConsumers(4)).isEqualTo(2);
        assertThat(HeraldConfig.defaultConsumers(8)).isEqualTo(4);
        assertThat(HeraldConfig.defaultConsumers(64)).isEqualTo(4);
    }

    @Test
    void fileOverridesDefaultsEnvironmentOverridesFileAndCommandLineOverridesAll() throws IOException {
        Files.writeString(dir.resolve("herald.properties"),
                "herald.smtp.host=from-file\nherald.smtp.port=2600\nherald.consumers=7\n");

        HeraldConfig config = HeraldConfig.load(null,
                Map.of("HERALD_SMTP_HOST", "from-env", "HERALD_SMTP_PORT", "2700", "HERALD_DATA_DIR", dir.toString()),
                Map.of(HeraldConfig.SMTP_HOST, "from-cli"));

        assertThat(config.get(HeraldConfig.SMTP_HOST)).isEqualTo("from-cli");
        assertThat(config.getInt(HeraldConfig.SMTP_PORT)).isEqualTo(2700);
        assertThat(config.getInt(HeraldConfig.CONSUMERS)).isEqualTo(7);
    }

    @Test
    void explicitConfigFileIsRead() throws IOException {
        Path file = dir.resolve("custom.properties");
        Files.writeString(file, "herald.http.port=9999\n");

        HeraldConfig config = HeraldConfig.load(file, Map.of(), Map.of());

        assertThat(config.getInt(HeraldConfig.HTTP_PORT)).isEqualTo(9999);
    }

    @Test
    void missingExplicitConfigFileIsAnError() {
        assertThatThrownBy(() -> HeraldConfig.load(dir.resolve("absent.properties"), Map.of(), Map.of()))
                .hasMessageContaining("configuration file not found");
    }

    @Test
    void unknownSettingIsRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> HeraldConfig.of(Map.of("herald.smtp.hots", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting 'herald.smtp.hots'")
                .hasMessageContaining(HeraldConfig.SMTP_HOST);
    }

    @Test
    void malformedNumberNamesTheSetting() {
        HeraldConfig config = HeraldConfig.of(Map.of(HeraldConfig.HTTP_PORT, "eighty"));

        assertThatThrownBy(() -> config.getInt(HeraldConfig.HTTP_PORT))
                .hasMessageContaining(HeraldConfig.HTTP_PORT).hasMessageContaining("eighty");
    }

    @Test
    void environmentNamesFollowTheKey() {
        assertThat(HeraldConfig.envName("herald.dispatch.period-ms")).isEqualTo("HERALD_DISPATCH_PERIOD_MS");
    }

    @Test
    void passwordsAreMaskedInTheDescription() {
        HeraldConfig config = HeraldConfig.of(Map.of(HeraldConfig.SMTP_PASSWORD, "secret"));

        assertThat(config.describe().get(HeraldConfig.SMTP_PASSWORD)).isEqualTo("****");
        assertThat(config.describe().values()).doesNotContain("secret");
    }

    @Test
    void apiKeyAndWebhookSecretsAreMaskedInTheDescription() {
        HeraldConfig config = HeraldConfig.of(Map.of(HeraldConfig.API_KEY, "wk_1", HeraldConfig.SHOPIFY_SECRET, "shp_2",
                HeraldConfig.HUBSPOT_SECRET, "hub_3"));

        assertThat(config.describe().get(HeraldConfig.API_KEY)).isEqualTo("****");
        assertThat(config.describe().values()).doesNotContain("wk_1", "shp_2", "hub_3");
    }

    @Test
    void ingestBatchSizeDefaultsToAHundredAndOutOfRangeValuesAreRefusedWithTheName() {
        assertThat(HeraldRuntime.ingestBatchSize(HeraldConfig.of(Map.of()))).isEqualTo(100);
        assertThat(HeraldRuntime.ingestBatchSize(HeraldConfig.of(Map.of(HeraldConfig.INGEST_BATCH_SIZE, "1"))))
                .isEqualTo(1);
        for (String bad : new String[]{"0", "1001", "x"}) {
            assertThatThrownBy(() -> HeraldRuntime.ingestBatchSize(
                    HeraldConfig.of(Map.of(HeraldConfig.INGEST_BATCH_SIZE, bad))))
                    .hasMessageContaining(HeraldConfig.INGEST_BATCH_SIZE).hasMessageContaining("1 to 1000")
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
