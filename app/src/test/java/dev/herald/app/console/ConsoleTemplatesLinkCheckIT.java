package dev.herald.app.console;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's "Check links" on a template's page against a running Herald, with WireMock standing in for the
 * shop's website: in a real browser a marketer presses the button and sees the broken link marked; over plain HTTP
 * an analyst may check too, the unsaved text in the editor is what is checked, and CSRF is required.
 */
class ConsoleTemplatesLinkCheckIT {

    private static final String MARKETER_PASSWORD = "mia's long password";
    private static final String ANALYST_PASSWORD = "ana's long password";

    @TempDir
    static Path dir;
    static TestHerald herald;
    static WireMockServer shop;
    static String base;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        shop = new WireMockServer(wireMockConfig().dynamicPort());
        shop.start();
        base = "http://127.0.0.1:" + shop.port();
        shop.stubFor(any(urlEqualTo("/sale")).willReturn(aResponse().withStatus(200)));
        shop.stubFor(any(urlEqualTo("/old-sale")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", base + "/sale")));
        shop.stubFor(any(urlEqualTo("/discontinued")).willReturn(aResponse().withStatus(404)));
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add("mia", MARKETER_PASSWORD.toCharArray(), ConsoleRole.MARKETER);
        herald.runtime().consoleUsers().add("ana", ANALYST_PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        port = herald.runtime().httpPort();
        assertThat(herald.runtime().templates().save("win-back/html.mustache", winBack("/discontinued")).errors())
                .isEmpty();
        // the German translation links to the sale only (the built-in one links to the shop's reserved domain)
        assertThat(herald.runtime().templates().save("win-back/locales/de/html.mustache", "{{<_layout/html}}\n"
                + "{{$body}}\n<p><a href=\"" + base + "/sale\">Zum Angebot</a></p>\n{{/body}}\n{{/_layout/html}}\n")
                .errors()).isEmpty();
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
        shop.stop();
    }

    private static String winBack(String third) {
        return "{{<_layout/html}}\n{{$body}}\n<p>We miss you, {{customer.firstName | default: \"friend\"}}.</p>\n"
                + "<p><a href=\"" + base + "/sale\">Shop the sale</a>, <a href=\"" + base + "/old-sale\">last"
                + " year's</a> or <a href=\"" + base + third + "\">our old favourite</a>.</p>\n{{/body}}\n"
                + "{{/_layout/html}}\n";
    }

    @Test
    void aMarketerPressesCheckLinksAndSeesTheBrokenLinkMarked() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login("mia", MARKETER_PASSWORD);
            browser.go("/console/templates/win-back");
            browser.clickAndLoad(By.id("check-links-button"));

            WebElement summary = browser.find(By.id("links-summary"));
            assertThat(summary.getText()).startsWith("4 links: 2 fine, 1 broken, 1 skipped");
            assertThat(summary.getAttribute("class")).isEqualTo("error");
            assertThat(browser.find(By.id("links-heading")).getText()).contains("of the live version");
            List<WebElement> rows = browser.driver().findElements(By.cssSelector("#links-table tbody tr"));
            assertThat(rows).extracting(r -> r.findElement(By.cssSelector("td code")).getText()).containsExactly(
                    base + "/sale", base + "/old-sale", base + "/discontinued",
                    "http://127.0.0.1:" + port + "/u/link-check");
            WebElement broken = rows.get(2);
            assertThat(broken.getAttribute("data-result")).isEqualTo("BROKEN");
            assertThat(broken.findElement(By.cssSelector("td.link-url")).getAttribute("class")).contains("error");
            assertThat(broken.findElement(By.cssSelector("span.badge")).getText()).isEqualTo("BROKEN 404");
            assertThat(broken.findElement(By.cssSelector("span.badge")).getAttribute("class")).isEqualTo("badge off");
            assertThat(broken.getText()).contains("Not Found");
            WebElement redirected = rows.get(1);
            assertThat(redirected.findElement(By.cssSelector("span.badge")).getText()).isEqualTo("OK 200");
            assertThat(redirected.getText()).contains("redirected to " + base + "/sale");
            assertThat(rows.get(3).findElement(By.cssSelector("span.badge")).getText()).isEqualTo("SKIPPED");
            assertThat(rows.get(3).getText()).contains("Herald's own link");
            assertThat(broken.getText()).contains("only in: as written");
            assertThat(rows.get(0).getText()).doesNotContain("only in");
            browser.screenshot("templates-check-links");
        }
        shop.verify(headRequestedFor(urlEqualTo("/discontinued")));
    }

    @Test
    void anAnalystMayCheckTheUnsavedTextInTheEditorButNotWithoutTheCsrfToken() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(port, "ana", ANALYST_PASSWORD);
        ana.get("/console/templates/win-back");

        HttpResponse<String> unsaved = ana.post("/console/templates/win-back/check-links",
                Map.of("file", "win-back/html.mustache", "content", winBack("/sale")));
        assertThat(unsaved.statusCode()).isEqualTo(200);
        assertThat(unsaved.body()).contains("of your unsaved text").contains("id=\"links-summary\"")
                .doesNotContain(base + "/discontinued");

        HttpResponse<String> forged = ana.postWithoutToken("/console/templates/win-back/check-links",
                Map.of("file", "win-back/html.mustache"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(herald.runtime().templates().source("win-back/html.mustache")).contains("/discontinued");
    }
}
