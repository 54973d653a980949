package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestCli;
import dev.herald.app.TestHerald;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's access rules over real HTTP against a running Herald whose user was created beforehand with
 * {@code herald users add} on the same data directory: sign-in, the dashboard's JSON, the Secure cookie behind a TLS
 * proxy, logout ending the session, and throttled sign-ins (last: it blocks this client's address).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAccessIT {

    static final String PASSWORD = "analyst password";

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            TestCli.Result added = TestCli.run("users", "add", "ann", "--role", "analyst", "--password-stdin",
                    "--data-dir", dir.toString());
            assertThat(added.exitCode()).as(added.out()).isZero();
        } finally {
            System.setIn(original);
        }
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        port = herald.runtime().httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    @Order(1)
    void aUserAddedOnTheCommandLineSignsInAndSeesTheDashboard() throws Exception {
        HttpResponse<String> login = login("ann", PASSWORD, Map.of());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/console/");

        HttpResponse<String> dashboard = get("/console/dashboard", session(login));

        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("<h1>Dashboard</h1>").contains("events/s").contains("id=\"dead-letters\"")
                .contains("/console/static/dashboard.js");
        assertThat(dashboard.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'"));
    }

    @Test
    @Order(2)
    void theDashboardsJsonNeedsASessionAndCarriesEveryNumber() throws Exception {
        HttpResponse<String> anonymous = get("/console/dashboard.json", null);
        HttpResponse<String> json = get("/console/dashboard.json", session(login("ann", PASSWORD, Map.of())));

        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/console/login?next=%2Fdashboard.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.body()).contains("\"eventsPerSecond\":").contains("\"emailsPerSecond\":")
                .contains("\"deadLetters\":0").contains("\"ruleBaseVersion\":\"" + herald.runtime().ruleBaseVersion())
                .contains("\"sparklinePoints\":").contains("\"display\":");
    }

    @Test
    @Order(3)
    void behindATlsProxyTheSessionCookieIsSecure() throws Exception {
        HttpResponse<String> plain = login("ann", PASSWORD, Map.of());
        HttpResponse<String> proxied = login("ann", PASSWORD, Map.of("X-Forwarded-Proto", "https"));

        assertThat(plain.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("herald_session="))
                .singleElement().asString().doesNotContain("Secure");
        assertThat(proxied.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("herald_session="))
                .singleElement().asString().contains("; Secure").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    @Order(4)
    void logoutNeedsTheFormsTokenAndEndsTheSessionForGood() throws Exception {
        String session = session(login("ann", PASSWORD, Map.of()));
        String page = get("/console/dashboard", session).body();
        String csrf = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");

        HttpResponse<String> forged = post("/console/logout", session, "");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(get("/console/dashboard", session).statusCode()).isEqualTo(200);

        HttpResponse<String> logout = post("/console/logout", session, "_csrf=" + csrf);
        assertThat(logout.statusCode()).isEqualTo(303);

        HttpResponse<String> after = get("/console/dashboard", session);
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).hasValue("/console/login?next=%2Fdashboard");
    }

    @Test
    @Order(99)
    void afterFiveWrongPasswordsEvenTheRightOneWaitsAndUnknownNamesGetTheSameAnswer() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = login("ann", "wrong password " + i, Map.of());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Wrong user name or password.");
        }

        HttpResponse<String> right = login("ann", PASSWORD, Map.of());
        HttpResponse<String> unknown = login("nobody", PASSWORD, Map.of());

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.body()).contains("Too many failed sign-ins. Please wait 15 minutes before trying again.")
                .contains("role=\"alert\"");
        assertThat(right.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("herald_session="));
        assertThat(unknown.statusCode()).isEqualTo(429);
        assertThat(unknown.body()).contains("Too many failed sign-ins.");
    }

    static HttpResponse<String> login(String name, String password, Map<String, String> headers) throws Exception {
        HttpResponse<String> page = get("/console/login", null);
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String token = page.body().replaceAll("(?s).*name=\"loginToken\" value=\"([^\"]+)\".*", "$1");
        HttpRequest.Builder post = HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString("loginToken=" + token + "&next=%2F&name=" + name
                        + "&password=" + password.replace(' ', '+')));
        headers.forEach(post::header);
        return HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String session(HttpResponse<String> login) {
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("herald_session="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + login.statusCode()));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    static HttpResponse<String> get(String path, String sessionCookie) throws Exception {
        HttpRequest.Builder get = HttpRequest.newBuilder(uri(path)).GET();
        if (sessionCookie != null) {
            get.header("Cookie", sessionCookie);
        }
        return HTTP.send(get.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String sessionCookie, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Cookie", sessionCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
