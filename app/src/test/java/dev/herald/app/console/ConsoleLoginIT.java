package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's login in a real browser against a running Herald, and its protections over plain HTTP. */
class ConsoleLoginIT {

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add("mia", "correct horse battery".toCharArray(), ConsoleRole.MARKETER);
        port = herald.runtime().httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneSignsIn() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.go("/");
            assertThat(browser.path()).isEqualTo("/console/login");
            browser.login("mia", "wrong");
            assertThat(browser.find(By.id("login-error")).getText()).contains("Wrong user name or password");
            browser.screenshot("login-refused");

            browser.login("mia", "correct horse battery");
            assertThat(browser.find(By.cssSelector("header .who")).getText()).contains("mia").contains("marketer");
            browser.screenshot("login-signed-in");
        }
    }

    @Test
    void pagesRedirectToTheLoginWithoutASession() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/console/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/console/login?next=%2F");
    }

    @Test
    void theLoginFormSetsAnHttpOnlySameSiteSessionCookie() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/console/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String token = page.body().replaceAll("(?s).*name=\"loginToken\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString("loginToken=" + token + "&next=%2F&name=mia"
                        + "&password=correct+horse+battery")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("herald_session=").contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure"));
    }

    @Test
    void aLoginPostWithoutTheFormsTokenIsRefused() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=mia&password=correct+horse+battery")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("herald_session="));
    }
}
