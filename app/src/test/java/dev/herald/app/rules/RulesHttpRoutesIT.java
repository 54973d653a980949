package dev.herald.app.rules;

import dev.herald.routes.AdminApiKey;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignPublisher;
import dev.herald.rules.campaign.CampaignStore;
import dev.herald.rules.campaign.RuleBaseHolder;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading campaigns over HTTP on a real Vert.x server: a good upload swaps and becomes the campaigns folder, a bad
 * one is refused with errors and leaves the folder as it was, and one without the admin key is refused before it is
 * read.
 */
class RulesHttpRoutesIT {

    private static final String KEY = "rules-admin-key";
    private static final String WELCOME = "trigger: {event: customer_signed_up}\\ntemplate: welcome\\n";
    private static CamelContext context;
    private static RuleBaseHolder holder;
    private static String url;
    @TempDir
    static Path campaigns;

    @BeforeAll
    static void start() throws Exception {
        CampaignLoader loader = new CampaignLoader(CampaignRules.catalog());
        Files.writeString(campaigns.resolve("welcome.yaml"), WELCOME.replace("\\n", "\n"));
        holder = new RuleBaseHolder(loader.build(campaigns));
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(http));
        context.addRoutes(new RulesHttpRoutes(new CampaignPublisher(new CampaignStore(campaigns, Map.of()), loader,
                holder), new AdminApiKey(KEY)));
        context.start();
        url = "http://127.0.0.1:" + port + "/v1/rules";
    }

    @AfterAll
    static void stop() {
        context.stop();
        holder.close();
    }

    @Test
    void anUploadSwapsTheRulesAndABadOneKeepsThemWithTheErrors() throws Exception {
        String before = holder.current().version();

        HttpResponse<String> bad = post("{\"files\":{\"cart.yaml\":\"trigger: {event: cart_updated}\\ntemplate: nope\\n\"}}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("\"swapped\":false", "\"file\":\"cart.yaml\"", "\"line\":2",
                "unknown template 'nope'", "\"version\":\"" + before + "\"");
        assertThat(holder.current().version()).isEqualTo(before);
        assertThat(folder()).as("the folder keeps what runs").containsOnlyKeys("welcome.yaml");

        HttpResponse<String> good = post("{\"files\":{\"welcome.yaml\":\"" + WELCOME + "\","
                + "\"cart.yaml\":\"trigger: {event: cart_updated}\\ntemplate: welcome\\n\"}}");
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(holder.current().campaigns().keySet()).containsExactlyInAnyOrder("welcome", "cart");
        assertThat(good.body()).contains("\"swapped\":true", "\"version\":\"" + holder.current().version() + "\"");
        assertThat(folder()).as("written where a restart reads them").containsOnlyKeys("welcome.yaml", "cart.yaml")
                .containsEntry("cart.yaml", "trigger: {event: cart_updated}\ntemplate: welcome\n");
        assertThat(new CampaignLoader(CampaignRules.catalog()).build(campaigns).campaigns().keySet())
                .containsExactlyInAnyOrder("welcome", "cart");

        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"campaigns\":[\"cart\",\"welcome\"]");

        assertThat(post("not json").statusCode()).isEqualTo(400);
        HttpResponse<String> outside = post("{\"files\":{\"../escape.yaml\":\"" + WELCOME + "\"}}");
        assertThat(outside.statusCode()).isEqualTo(400);
        HttpResponse<String> notACampaign = post("{\"files\":{\"notes.txt\":\"hello\"}}");
        assertThat(notACampaign.statusCode()).isEqualTo(400);
        assertThat(notACampaign.body()).contains("not a campaign file name");
        assertThat(folder()).containsOnlyKeys("welcome.yaml", "cart.yaml");
    }

    @Test
    void withoutTheKeyAnUploadIs401AndChangesNothingEvenFromABrowsersSimpleRequest() throws Exception {
        String before = holder.current().version();
        String upload = "{\"files\":{\"welcome.yaml\":\"" + WELCOME + "\",\"spam.yaml\":\"" + WELCOME + "\"}}";

        // what a page on another site can make a browser send to a local Herald without a preflight
        HttpResponse<String> simple = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(upload)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongKey = post(upload, "not-the-key");
        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(simple.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(read.statusCode()).isEqualTo(401);
        assertThat(read.body()).doesNotContain(before);
        assertThat(holder.current().version()).isEqualTo(before);
        assertThat(holder.current().campaigns()).doesNotContainKey("spam");
    }

    /** The campaigns folder's files and their text. */
    private static Map<String, String> folder() throws Exception {
        try (var files = Files.list(campaigns)) {
            Map<String, String> texts = new java.util.TreeMap<>();
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                texts.put(file.getFileName().toString(), Files.readString(file));
            }
            return texts;
        }
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return post(body, KEY);
    }

    private static HttpResponse<String> post(String body, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
