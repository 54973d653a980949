package dev.herald.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily retention trim (ADR 0078) is scheduled in the running Herald only when {@code herald.retention.period} is
 * set: unset, nothing is ever removed. (What a trim removes is RetentionServiceIT's.)
 */
class RetentionScheduleIT {

    @TempDir
    Path dataDir;

    @Test
    void theTrimIsScheduledOnlyWhenARetentionPeriodIsSet() throws Exception {
        try (TestHerald kept = TestHerald.start(dataDir.resolve("forever"), Map.of(HeraldConfig.HTTP_PORT, "0"))) {
            assertThat(kept.runtime().camel().getRoute("data-retention")).isNull();
        }
        try (TestHerald trimmed = TestHerald.start(dataDir.resolve("two-years"), Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.RETENTION_PERIOD, "730d"))) {
            assertThat(trimmed.runtime().camel().getRoute("data-retention")).isNotNull();
            assertThat(trimmed.runtime().camel().getRoute("data-retention").getEndpoint().getEndpointUri())
                    .contains("timer://herald-retention").contains("period=86400000");
        }
    }
}
