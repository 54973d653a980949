package dev.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.WebhookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outgoing webhooks on the standalone runtime (ADR 0068), to a shop system played by WireMock (a service Herald does
 * not own): the welcome email Herald sends is posted as a signed {@code email_sent} event; the receiver's first
 * answer is a 500, and the same event comes again after the back-off, then no more.
 */
class WebhooksIT {

    static final String SECRET = "a shared secret of the shop";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    WireMockServer shop;
    TestHerald herald;

    @BeforeEach
    void start() throws Exception {
        shop = new WireMockServer(wireMockConfig().dynamicPort());
        shop.start();
        herald = TestHerald.start(dataDir, Map.of(WebhookSettings.URL, shop.baseUrl() + "/herald/events",
                WebhookSettings.SECRET, SECRET, WebhookSettings.PERIOD_MS, "200", HeraldConfig.HTTP_PORT, "0"));
    }

    @AfterEach
    void stop() throws Exception {
        herald.close();
        shop.stop();
    }

    @Test
    void anEmailSentReachesTheShopSignedAndARefusedBatchComesAgainWithTheSameEvents() throws Exception {
        shop.stubFor(post(urlEqualTo("/herald/events")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(serverError()).willSetStateTo("up"));
        shop.stubFor(post(urlEqualTo("/herald/events")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204)));
        Customer ann = TestEvents.customer("C-HOOK", "Ann Hook");

        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(ann));
        herald.awaitMails(1);

        await("delivered after one refusal").atMost(TestHerald.PATIENCE)
                .until(() -> shop.findAll(postRequestedFor(urlEqualTo("/herald/events"))).size() >= 2);
        Thread.sleep(1000); // nothing more comes once delivered
        List<LoggedRequest> posts = shop.findAll(postRequestedFor(urlEqualTo("/herald/events")));
        assertThat(posts).hasSize(2);
        for (LoggedRequest request : posts) {
            String body = request.getBodyAsString();
            assertThat(request.getHeader("X-Herald-Signature")).isEqualTo("sha256=" + hmac(body));
            JsonNode events = JSON.readTree(body).get("events");
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("type").asText()).isEqualTo("email_sent");
            assertThat(events.get(0).get("customerId").asText()).isEqualTo("C-HOOK");
            assertThat(events.get(0).get("campaign").asText()).isEqualTo("welcome");
            assertThat(body).as("no address leaves Herald").doesNotContain("@example.com");
        }
        assertThat(posts.get(0).getBodyAsString()).as("the same events again").isEqualTo(posts.get(1).getBodyAsString());

        herald.runtime().consoleUsers().add("ana", "a long enough password".toCharArray(),
                dev.herald.routes.console.ConsoleRole.ANALYST);
        String delivery = dev.herald.app.console.ConsoleHttpSession.login(herald.runtime().httpPort(), "ana",
                "a long enough password").get("/console/delivery").body();
        assertThat(delivery).contains("<p id=\"webhooks-delivered\">1 events delivered")
                .doesNotContain("webhooks-failing");
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + herald.runtime().httpPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("herald_webhook_events_total{outcome=\"delivered\"} 1.0")
                .contains("herald_webhook_batches_total{outcome=\"refused\"} 1.0");
    }

    static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
