package dev.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.metrics.MetricsRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /metrics} (ADR 0062) on the standalone runtime: after a signup, the same signup again and a malformed
 * event, the Prometheus text shows each outcome on its queue, the welcome email sent, the backlogs read at scrape
 * time and the JVM's own figures, and no customer id or address anywhere.
 */
class MetricsIT {

    static final Customer ANN = TestEvents.customer("C-METRICS-ANN", "Ann Metrics");

    @TempDir
    static Path dataDir;
    static TestHerald herald;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dataDir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        ObjectNode signup = TestEvents.signup(ANN);
        herald.send(RouteSettings.CRM_QUEUE, signup);
        herald.awaitIdle();
        herald.send(RouteSettings.CRM_QUEUE, signup);
        herald.send(RouteSettings.CRM_QUEUE, "C-BROKEN", "{\"eventId\":\"broken-1\",\"type\":");
        herald.awaitIdle();
        await().atMost(TestHerald.PATIENCE).until(() -> herald.runtime().deadLetterDepth() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void eventsAreCountedByQueueAndOutcomeAndTheWelcomeEmailAsSent() throws Exception {
        String metrics = scrape(herald.runtime().httpPort()).body();

        assertThat(metrics)
                .contains("herald_events_total{outcome=\"applied\",queue=\"herald.events.crm\"} 1.0")
                .contains("herald_events_total{outcome=\"duplicate\",queue=\"herald.events.crm\"} 1.0")
                .contains("herald_events_total{outcome=\"dead_lettered\",queue=\"herald.events.crm\"} 1.0")
                .contains("herald_emails_total{outcome=\"sent\"} 1.0")
                .contains("herald_emails_total{outcome=\"send_failed\"} 0.0")
                .containsPattern("herald_ingest_batch_seconds_count\\{queue=\"herald.events.crm\"} [1-9]")
                .containsPattern("herald_email_send_seconds_count 1")
                .containsPattern("herald_email_send_seconds_bucket\\{le=\"[0-9.]+\"}");
    }

    @Test
    void backlogsAreReadWhenScraped() throws Exception {
        String metrics = scrape(herald.runtime().httpPort()).body();

        assertThat(metrics).contains("herald_outbox_pending 0.0").contains("herald_campaigns_paused 0.0")
                .contains("herald_queue_depth{queue=\"herald.events.dlq\"} 1.0")
                .contains("herald_queue_depth{queue=\"herald.events.crm\"} 0.0")
                .contains("herald_queue_depth{queue=\"herald.events.commerce\"} 0.0");
    }

    @Test
    void theJvmsOwnFiguresAreThereAndNoPersonalDataIs() throws Exception {
        HttpResponse<String> response = scrape(herald.runtime().httpPort());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsRoutes.CONTENT_TYPE);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds")
                .contains("# HELP herald_events_total Events taken from a queue, by what became of them")
                .doesNotContain(ANN.id()).doesNotContain(ANN.email()).doesNotContain("broken-1");
    }

    @Test
    void theEndpointCanBeTurnedOff(@TempDir Path other) throws Exception {
        try (TestHerald off = TestHerald.start(other, Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.METRICS_ENABLED, "false"))) {
            assertThat(scrape(off.runtime().httpPort()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anEmailHeldBackByASendGateIsCountedByWhatHeldIt(@TempDir Path other) throws Exception {
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
        java.time.format.DateTimeFormatter hours = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        String quietNow = hours.format(now.minusHours(1)) + "-" + hours.format(now.plusHours(1));
        try (TestHerald quiet = TestHerald.start(other, Map.of(HeraldConfig.HTTP_PORT, "0",
                dev.herald.engine.delivery.SendGates.QUIET_HOURS, quietNow))) {
            quiet.send(RouteSettings.CRM_QUEUE, TestEvents.signup(TestEvents.customer("C-METRICS-NIGHT", "Nat Night")));

            await("the welcome email deferred to the end of the quiet hours").atMost(TestHerald.PATIENCE).until(
                    () -> scrape(quiet.runtime().httpPort()).body(),
                    body -> body.contains("herald_emails_total{outcome=\"deferred\"} 1.0"));
            assertThat(scrape(quiet.runtime().httpPort()).body()).contains("herald_outbox_pending 1.0")
                    .contains("herald_emails_total{outcome=\"sent\"} 0.0");
        }
    }

    static HttpResponse<String> scrape(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
