package dev.herald.app;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.routes.LinkCheckRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The templates' links checked by the running Herald on a schedule (ADR 0076): with {@code herald.links.check-period}
 * set, a link that has gone away since the template was saved shows on the console's dashboard and in
 * {@code herald_template_links_bad}; a link that answers does not. WireMock stands in for the shop's website.
 */
class LinkCheckScheduleIT {

    @TempDir
    Path dataDir;
    WireMockServer shop;

    @BeforeEach
    void aTemplateLinksToAPageThatIsGone() throws Exception {
        shop = new WireMockServer(wireMockConfig().dynamicPort());
        shop.start();
        shop.stubFor(any(urlEqualTo("/sale")).willReturn(aResponse().withStatus(200)));
        shop.stubFor(any(urlEqualTo("/summer-2025")).willReturn(aResponse().withStatus(404)));
        String base = "http://127.0.0.1:" + shop.port();
        Path folder = Files.createDirectories(dataDir.resolve("templates").resolve("flash-sale"));
        Files.writeString(folder.resolve("subject.mustache"), "Flash sale", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("html.mustache"), "<p><a href=\"" + base + "/sale\">Shop now</a> or see"
                + " <a href=\"" + base + "/summer-2025\">last summer's</a>.</p>", StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        shop.stop();
    }

    @Test
    void aLinkGoneSinceTheTemplateWasSavedShowsOnTheDashboardAndInTheMetric() throws Exception {
        String gone = "http://127.0.0.1:" + shop.port() + "/summer-2025";
        try (TestHerald herald = TestHerald.start(dataDir, Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.LINK_CHECK_PERIOD, "2s"))) {
            LinkCheckRoutes.Latest latest = herald.runtime().latestLinkCheck();
            await("the first scheduled check").atMost(TestHerald.PATIENCE).until(() -> latest.at().isPresent());

            assertThat(latest.bad()).filteredOn(b -> b.template().equals("flash-sale"))
                    .singleElement().satisfies(b -> {
                        assertThat(b.url()).isEqualTo(gone);
                        assertThat(b.outcome()).isEqualTo("BROKEN");
                        assertThat(b.status()).isEqualTo(404);
                    });
            herald.runtime().consoleUsers().add("ana", "correct horse battery".toCharArray(),
                    dev.herald.routes.console.ConsoleRole.ANALYST);
            String dashboard = dev.herald.app.console.ConsoleHttpSession.login(herald.runtime().httpPort(), "ana",
                    "correct horse battery").get("/console/dashboard").body();
            assertThat(dashboard).contains("id=\"link-check\"").contains("flash-sale</a>: " + gone + " — broken 404")
                    .doesNotContain(gone.replace("summer-2025", "sale") + " —");
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + herald.runtime().httpPort() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics).containsPattern("herald_template_links_bad [1-9]");
        }
    }
}
