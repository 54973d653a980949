package dev.herald.routes.metrics;

import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Herald's metrics registry: one per Camel context, counts only, and a gauge that cannot be read is NaN. */
class HeraldMetricsTest {

    @Test
    void eachCamelContextKeepsItsOwnCounts() throws Exception {
        try (CamelContext a = new DefaultCamelContext(); CamelContext b = new DefaultCamelContext()) {
            HeraldMetrics.of(a).ingestBatch("q", 3, 1, 0, 0, Duration.ofMillis(5));

            assertThat(HeraldMetrics.of(a)).isSameAs(HeraldMetrics.of(a));
            assertThat(HeraldMetrics.of(a).scrape())
                    .contains("herald_events_total{outcome=\"applied\",queue=\"q\"} 3.0")
                    .contains("herald_events_total{outcome=\"duplicate\",queue=\"q\"} 1.0");
            assertThat(HeraldMetrics.of(b).scrape()).doesNotContain("herald_events_total{");
        }
    }

    @Test
    void outcomesThatDidNotHappenAreNotInventedAndTimesAreRecorded() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            HeraldMetrics metrics = HeraldMetrics.of(context);
            metrics.ingestBatch("q", 2, 0, 0, 0, Duration.ofMillis(20));
            metrics.ingestBatch("q", 0, 0, 1, 1, Duration.ofMillis(40));
            metrics.emailSent(Duration.ofMillis(3));
            metrics.sendFailed();
            metrics.scheduled(100, 40);

            assertThat(metrics.scrape())
                    .contains("herald_events_total{outcome=\"applied\",queue=\"q\"} 2.0")
                    .contains("herald_events_total{outcome=\"dead_lettered\",queue=\"q\"} 1.0")
                    .contains("herald_events_total{outcome=\"rolled_back\",queue=\"q\"} 1.0")
                    .doesNotContain("outcome=\"duplicate\"")
                    .contains("herald_ingest_batch_seconds_count{queue=\"q\"} 2")
                    .contains("herald_ingest_batch_seconds_sum{queue=\"q\"} 0.06")
                    .contains("herald_emails_total{outcome=\"sent\"} 1.0")
                    .contains("herald_emails_total{outcome=\"send_failed\"} 1.0")
                    .contains("herald_scheduled_customers_total 100.0")
                    .contains("herald_scheduled_emails_total 40.0");
        }
    }

    @Test
    void aGaugeWhoseReadFailsIsNaNAndTheScrapeStillAnswers() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            HeraldMetrics metrics = HeraldMetrics.of(context);
            metrics.gauge("herald.outbox.pending", "emails waiting", Tags.empty(), () -> {
                throw new IllegalStateException("database away");
            });
            metrics.watchQueues(Map.of("herald.events.crm", () -> 7));
            metrics.gauge("herald.test.value", "a value", Tags.of("kind", "x"), () -> 2.5);

            assertThat(metrics.scrape()).contains("herald_outbox_pending NaN")
                    .contains("herald_queue_depth{queue=\"herald.events.crm\"} 7.0")
                    .contains("herald_test_value{kind=\"x\"} 2.5");
        }
    }
}
