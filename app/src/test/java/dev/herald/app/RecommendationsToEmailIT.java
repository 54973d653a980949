package dev.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestMail.Mail;
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
import java.util.Map;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recommendations in the running Herald: shoppers' orders go in over JMS, {@code POST /v1/reco/retrain}
 * retrains the model on them, and a new customer's first order leads to a thank-you email that lists what
 * customers with the same purchase went on to buy, by name and price, in both MIME parts.
 */
class RecommendationsToEmailIT {

    static final Customer ANN = TestEvents.customer("C-ANN", "Ann Smith");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TestHerald herald;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static JsonNode retrained;
    static Mail annThankYou;

    @BeforeAll
    static void shoppersThenRetrainThenAnnOrders() throws Exception {
        herald = TestHerald.start(dataDir, Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.RECO_RETRAIN_INTERVAL, "0", HeraldConfig.API_KEY, TestHttp.API_KEY));
        // six shoppers bought a mug and a teapot; three of them a tea towel too
        for (int c = 0; c < 6; c++) {
            Customer shopper = TestEvents.customer("C-SHOP-" + c, "Shopper " + c);
            herald.send(RouteSettings.COMMERCE_QUEUE, c < 3
                    ? TestEvents.order(shopper, "O-SHOP-" + c, item("P-MUG", "Mug", 1, "3.50"),
                            item("P-TEAPOT", "Blue Teapot", 1, "12.00"), item("P-TOWEL", "Tea Towel", 1, "2.95"))
                    : TestEvents.order(shopper, "O-SHOP-" + c, item("P-MUG", "Mug", 1, "3.50"),
                            item("P-TEAPOT", "Blue Teapot", 1, "12.00")));
        }
        herald.awaitMails(6);
        herald.awaitIdle();

        HttpResponse<String> response = http.send(request("/v1/reco/retrain")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        retrained = JSON.readTree(response.body());

        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(ANN, "O-ANN-1", item("P-MUG", "Mug", 2, "3.50")));
        herald.awaitMails(7);
        herald.awaitIdle();
        annThankYou = TestMail.only(herald.mails(), ANN.email(), "first-order-thank-you");
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    /** A request with the admin key, as an operator's script sends it. */
    static HttpRequest.Builder request(String path) {
        return anonymous(path).header("Authorization", "Bearer " + TestHttp.API_KEY);
    }

    static HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.runtime().httpPort() + path))
                .timeout(Duration.ofSeconds(30));
    }

    @Test
    void retrainByHttpTrainsANewModelOnTheStoredOrders() {
        assertThat(retrained.path("generation").asLong()).isEqualTo(2);
        assertThat(retrained.path("customers").asInt()).isEqualTo(6);
        assertThat(retrained.path("products").asInt()).isEqualTo(3);
        assertThat(retrained.path("purchases").asInt()).isEqualTo(15);
    }

    @Test
    void thankYouEmailListsTheRecommendedProductsByNameAndPrice() {
        assertThat(annThankYou.text()).contains("You might also like:", "- Blue Teapot, £12.00", "- Tea Towel, £2.95")
                .doesNotContain("- Mug,");
        assertThat(annThankYou.text().indexOf("Blue Teapot")).isLessThan(annThankYou.text().indexOf("Tea Towel"));
        assertThat(annThankYou.html()).contains("You might also like", "Blue Teapot", "£12.00");
    }

    @Test
    void customerEndpointShowsTheOrderAlreadyCounted() throws Exception {
        HttpResponse<String> response = http.send(request("/v1/reco/recommendations?customer=C-ANN").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode products = JSON.readTree(response.body()).path("products");
        assertThat(products.get(0).path("productId").asText()).isEqualTo("P-TEAPOT");
        assertThat(products.get(0).path("reason").asText()).isEqualTo("because you bought Mug");
        assertThat(products.get(0).path("score").asDouble()).isBetween(0.3, 1.0);
    }

    @Test
    void retrainCommandAsksTheRunningHeraldToRetrain() throws Exception {
        TestCli.Result result = TestCli.run("reco", "retrain", "--url",
                "http://127.0.0.1:" + herald.runtime().httpPort(), "--api-key", TestHttp.API_KEY);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode status = JSON.readTree(result.out().strip());
        assertThat(status.path("generation").asLong()).isGreaterThan(retrained.path("generation").asLong());
        assertThat(status.path("customers").asInt()).isEqualTo(7);  // the six shoppers and Ann
    }

    @Test
    void withoutTheApiKeyTheRecommendationEndpointsAnswer401AndNothingIsRetrained() throws Exception {
        long generation = JSON.readTree(http.send(request("/v1/reco/status").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("generation").asLong();

        HttpResponse<String> retrain = http.send(anonymous("/v1/reco/retrain").POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongKey = http.send(anonymous("/v1/reco/retrain").header("X-Api-Key", "not-the-key")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> customer = http.send(anonymous("/v1/reco/recommendations?customer=C-ANN").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> status = http.send(anonymous("/v1/reco/status").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(retrain.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(customer.statusCode()).isEqualTo(401);
        assertThat(customer.body()).doesNotContain("P-TEAPOT");
        assertThat(status.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(http.send(request("/v1/reco/status").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("generation").asLong()).isEqualTo(generation);
    }

    @Test
    void retrainCommandSaysWhenTheKeyIsMissingOrRefused() {
        String url = "http://127.0.0.1:" + herald.runtime().httpPort();

        TestCli.Result missing = TestCli.runCapturingErrors("reco", "retrain", "--url", url, "--api-key", "");
        TestCli.Result refused = TestCli.runCapturingErrors("reco", "retrain", "--url", url, "--api-key", "not-the-key");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--api-key KEY or HERALD_API_KEY");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("refused the API key");
    }
}
