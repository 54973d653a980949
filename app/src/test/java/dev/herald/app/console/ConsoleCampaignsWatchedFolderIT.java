package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import dev.herald.app.TestHttp;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A console publish into a watched {@code herald.rules.dir}: the file is written there, the rules reload once
 * from the console and once more when the watcher sees the file, and the publish is audited once. A publish with
 * an error leaves the folder and the running version alone.
 */
class ConsoleCampaignsWatchedFolderIT {

    static final String WELCOME = "id: welcome\ntrigger:\n  event: customer_signed_up\ntemplate: welcome\n";

    @TempDir
    Path dataDir;
    @TempDir
    Path campaigns;

    @Test
    void aPublishIsWrittenToTheFolderAndAuditedOnceDespiteTheWatchersReload() throws Exception {
        Files.writeString(campaigns.resolve("welcome.yaml"), WELCOME);
        try (TestHerald herald = TestHerald.start(dataDir, Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.RULES_DIR, campaigns.toString(), HeraldConfig.API_KEY, TestHttp.API_KEY))) {
            herald.runtime().consoleUsers().add("mia", "correct horse battery".toCharArray(), ConsoleRole.MARKETER);
            ConsoleHttpSession mia = ConsoleHttpSession.login(herald.runtime().httpPort(), "mia", "correct horse battery");
            String before = herald.runtime().ruleBaseVersion();

            HttpResponse<String> refused = mia.post("/console/campaigns/welcome/edit", Map.of("_csrf", mia.csrf(),
                    "action", "publish", "definition", WELCOME.replace("template: welcome", "template: nope")));
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("id=\"line-4\" class=\"bad\"").contains("unknown template &#39;nope&#39;")
                    .contains("Rule base " + before + " keeps running");
            assertThat(Files.readString(campaigns.resolve("welcome.yaml"))).isEqualTo(WELCOME);
            assertThat(herald.runtime().ruleBaseVersion()).isEqualTo(before);

            HttpResponse<String> published = mia.post("/console/campaigns/welcome/edit", Map.of("_csrf", mia.csrf(),
                    "action", "publish", "definition", WELCOME.replace("template: welcome", "template: thank-you")));
            assertThat(published.statusCode()).isEqualTo(303);
            String live = herald.runtime().ruleBaseVersion();
            assertThat(live).isNotEqualTo(before);
            assertThat(Files.readString(campaigns.resolve("welcome.yaml"))).contains("template: thank-you");

            // the watcher sees the written file and reloads the same campaigns: the same version, no second publish
            int port = herald.runtime().httpPort();
            // the console's reload is the one the publish's audit row records (its time is the reload's)
            long consoleReloadMicros = herald.count("select cast(extract(epoch from at) * 1000000 as bigint)"
                    + " from audit_log where action = 'publish' and entity_id = ?", live);
            await("the watcher's reload").atMost(TestHerald.PATIENCE).until(() -> {
                Instant at = lastReload(port);
                return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000 > consoleReloadMicros;
            });
            assertThat(herald.runtime().ruleBaseVersion()).isEqualTo(live);
            assertThat(herald.count("select count(*) from audit_log where entity_kind = 'campaigns'"
                    + " and action = 'publish' and entity_id = ?", live)).isEqualTo(1);
            assertThat(herald.count("select count(*) from audit_log where entity_kind = 'campaigns'"
                    + " and action = 'publish-rejected' and entity_id = ?", before)).isEqualTo(1);
            assertThat(herald.count("select count(*) from audit_log where actor = 'console:mia'")).isEqualTo(2);
        }
    }

    /** When the rules last reloaded, from {@code GET /v1/rules}. */
    private static Instant lastReload(int port) throws Exception {
        String json = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/v1/rules"))
                        .header("Authorization", "Bearer " + TestHttp.API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Instant.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)
                .path("lastReload").path("at").asText());
    }
}
