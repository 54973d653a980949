package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald.DeadLetter;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP face: a health check, and webhooks that enqueue what they get for the same pipeline as JMS. */
class HttpIngestIT {

    @TempDir
    static Path dataDir;
    static TestHerald herald;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dataDir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void healthReportsUp() throws Exception {
        HttpResponse<String> response = http.send(request("/health").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void postedSignupIsAcceptedAndEmailed() throws Exception {
        Customer hal = TestEvents.customer("C-HAL", "Hal Webb");

        HttpResponse<String> response = post("/v1/events/crm", TestEvents.signup(hal).toString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(TestMail.only(herald.awaitMails(1), hal.email(), "welcome").subject())
                .isEqualTo("Welcome to Herald Shop, Hal!");
    }

    @Test
    void postedMalformedEventIsAcceptedThenDeadLettered() throws Exception {
        String malformed = "{\"eventId\": \"http-broken\", \"type\": \"customer_signed_up\",";

        HttpResponse<String> response = post("/v1/events/crm", malformed);

        assertThat(response.statusCode()).isEqualTo(202);
        List<DeadLetter> deadLetters = herald.takeDeadLetters(1);
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.body()).isEqualTo(malformed);
            assertThat(d.reason()).startsWith("malformed JSON: ");
            assertThat(d.sourceQueue()).isEqualTo(RouteSettings.CRM_QUEUE);
        });
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.runtime().httpPort() + path))
                .timeout(Duration.ofSeconds(10));
    }
}
