package dev.herald.routes.console;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's access rules through its router, without a server: throttled sign-ins, logout, idle sessions,
 * removed users, the Secure cookie. The same over real HTTP is in the app's ConsoleAccessIT.
 */
class ConsoleAccessTest {

    final TestClock clock = new TestClock(Instant.parse("2026-11-23T07:00:00Z"));
    final InMemoryConsoleUsers users = new InMemoryConsoleUsers(new PasswordHasher(1_000));
    ConsoleRouter router;

    @BeforeEach
    void console() {
        users.add("ann", "right password".toCharArray(), ConsoleRole.ANALYST);
        ConsoleRoutes routes = new ConsoleRoutes("platform-http", users,
                new InMemoryConsoleSessions(clock, Duration.ofMinutes(30)), List.of(),
                new LoginThrottle(clock, 5, Duration.ofMinutes(15)));
        router = routes.router();
    }

    @Test
    void afterFiveFailuresEvenTheRightPasswordIsRefusedWithTheSameAnswerForUnknownNames() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(login("ann", "wrong " + i, "198.51.100.1", false).status()).isEqualTo(401);
            assertThat(login("nobody", "wrong " + i, "198.51.100.2", false).status()).isEqualTo(401);
        }

        ConsoleResponse known = login("ann", "right password", "198.51.100.3", false);
        ConsoleResponse unknown = login("nobody", "right password", "198.51.100.4", false);

        assertThat(known.status()).isEqualTo(429);
        assertThat(unknown.status()).isEqualTo(429);
        assertThat(body(known)).contains("Too many failed sign-ins. Please wait 15 minutes before trying again.");
        assertThat(body(unknown)).contains("Too many failed sign-ins. Please wait 15 minutes before trying again.");
        assertThat(known.headers()).containsEntry("Retry-After", "900");
        assertThat(known.cookies()).noneMatch(c -> c.startsWith("herald_session="));

        clock.advance(Duration.ofMinutes(15));
        assertThat(login("ann", "right password", "198.51.100.3", false).status()).isEqualTo(303);
    }

    @Test
    void logoutEndsTheSessionSoItsCookieNoLongerOpensPages() throws Exception {
        String session = sessionCookie(login("ann", "right password", "127.0.0.1", false));
        assertThat(get("/", session).status()).isEqualTo(404); // signed in: no module, so nothing to show
        String csrf = csrfOf(session);

        ConsoleResponse out = router.dispatch(request("POST", "/logout", "_csrf=" + csrf, session, false));

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.consoleLocation()).isEqualTo("/login");
        assertThat(out.cookies()).anyMatch(c -> c.startsWith("herald_session=;") && c.contains("Max-Age=0"));
        ConsoleResponse after = get("/", session);
        assertThat(after.status()).isEqualTo(303);
        assertThat(after.consoleLocation()).startsWith("/login");
    }

    @Test
    void aSessionIdleLongerThanTheTimeoutIsOver() throws Exception {
        String session = sessionCookie(login("ann", "right password", "127.0.0.1", false));
        clock.advance(Duration.ofMinutes(29));
        assertThat(get("/", session).status()).isEqualTo(404);
        clock.advance(Duration.ofMinutes(29));
        assertThat(get("/", session).status()).isEqualTo(404);

        clock.advance(Duration.ofMinutes(31));

        assertThat(get("/", session).consoleLocation()).startsWith("/login");
    }

    @Test
    void removingAUserEndsTheirSessionAtTheNextRequest() throws Exception {
        String session = sessionCookie(login("ann", "right password", "127.0.0.1", false));

        users.remove("ann", "test");

        assertThat(get("/", session).consoleLocation()).startsWith("/login");
    }

    @Test
    void theSessionCookieIsSecureWhenTheRequestCameOverTls() throws Exception {
        ConsoleResponse plain = login("ann", "right password", "127.0.0.1", false);
        ConsoleResponse tls = login("ann", "right password", "127.0.0.1", true);

        assertThat(plain.cookies()).filteredOn(c -> c.startsWith("herald_session="))
                .singleElement().asString().doesNotContain("Secure");
        assertThat(tls.cookies()).filteredOn(c -> c.startsWith("herald_session="))
                .singleElement().asString().contains("; Secure").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void tlsIsRecognisedFromTheUrlOrTheProxysForwardedProto() {
        assertThat(ConsoleRoutes.secure("https://herald.example/console/login", null)).isTrue();
        assertThat(ConsoleRoutes.secure("http://127.0.0.1:8080/console/login", "https")).isTrue();
        assertThat(ConsoleRoutes.secure("http://127.0.0.1:8080/console/login", "HTTPS, http")).isTrue();
        assertThat(ConsoleRoutes.secure("http://127.0.0.1:8080/console/login", "http")).isFalse();
        assertThat(ConsoleRoutes.secure("http://127.0.0.1:8080/console/login", null)).isFalse();
    }

    private ConsoleResponse login(String name, String password, String address, boolean secure) throws Exception {
        ConsoleRequest page = request("GET", "/login", null, null, secure);
        ConsoleResponse form = router.dispatch(page);
        String cookie = form.cookies().get(0);
        String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        ConsoleRequest post = new ConsoleRequest("POST", "/login", null,
                "loginToken=" + token + "&next=%2F&name=" + name + "&password=" + password.replace(' ', '+'),
                Map.of(LoginModule.LOGIN_COOKIE, token), Map.of(), secure);
        post.clientAddress(address);
        return router.dispatch(post);
    }

    private ConsoleResponse get(String path, String session) throws Exception {
        return router.dispatch(request("GET", path, null, session, false));
    }

    private static ConsoleRequest request(String method, String path, String form, String session, boolean secure) {
        Map<String, String> cookies = new HashMap<>();
        if (session != null) {
            cookies.put(ConsoleRouter.SESSION_COOKIE, session);
        }
        return new ConsoleRequest(method, path, null, form, cookies, Map.of(), secure);
    }

    private String csrfOf(String session) {
        ConsoleRequest r = request("GET", "/", null, session, false);
        // the router's own session lookup, as a page would see it
        return sessionsOf(r);
    }

    private String sessionsOf(ConsoleRequest r) {
        try {
            router.dispatch(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return r.session().orElseThrow().csrfToken();
    }

    private static String sessionCookie(ConsoleResponse response) {
        assertThat(response.status()).isEqualTo(303);
        String cookie = response.cookies().stream().filter(c -> c.startsWith("herald_session=")).findFirst()
                .orElseThrow();
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    private static String body(ConsoleResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
