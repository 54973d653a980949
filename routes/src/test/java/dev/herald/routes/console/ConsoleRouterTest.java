package dev.herald.routes.console;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleRouterTest {

    private final InMemoryConsoleSessions sessions = new InMemoryConsoleSessions();
    private final ConsoleRouter router = new ConsoleRouter(sessions, new ConsoleView());

    ConsoleRouterTest() {
        router.get("/campaigns/{id}", EnumSet.of(ConsoleRole.MARKETER, ConsoleRole.ANALYST),
                r -> ConsoleResponse.text(200, "text/plain", "campaign " + r.pathParameter("id")));
        router.post("/campaigns/{id}/publish", EnumSet.of(ConsoleRole.MARKETER),
                r -> ConsoleResponse.text(200, "text/plain", "published " + r.pathParameter("id")));
    }

    private static ConsoleRequest request(String method, String path, String form, ConsoleSession session) {
        return new ConsoleRequest(method, path, null, form,
                session == null ? Map.of() : Map.of(ConsoleRouter.SESSION_COOKIE, session.id()), Map.of(), false);
    }

    private static String body(ConsoleResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void withoutASessionAPageRedirectsToTheLoginAndComesBackAfterwards() throws Exception {
        ConsoleResponse r = router.dispatch(request("GET", "/campaigns/welcome", null, null));
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.consoleLocation()).isEqualTo("/login?next=%2Fcampaigns%2Fwelcome");
    }

    @Test
    void pathParametersAreDecoded() throws Exception {
        ConsoleSession s = sessions.open(new ConsoleUser("ann", ConsoleRole.ANALYST));
        assertThat(body(router.dispatch(request("GET", "/campaigns/win%20back", null, s)))).isEqualTo("campaign win back");
    }

    @Test
    void aRoleThePageDoesNotAdmitGets403AndAnAdminIsAlwaysAdmitted() throws Exception {
        ConsoleSession analyst = sessions.open(new ConsoleUser("ann", ConsoleRole.ANALYST));
        ConsoleResponse refused = router.dispatch(request("POST", "/campaigns/x/publish", "_csrf=" + analyst.csrfToken(),
                analyst));
        assertThat(refused.status()).isEqualTo(403);
        ConsoleSession admin = sessions.open(new ConsoleUser("root", ConsoleRole.ADMIN));
        assertThat(router.dispatch(request("POST", "/campaigns/x/publish", "_csrf=" + admin.csrfToken(), admin))
                .status()).isEqualTo(200);
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        ConsoleSession mia = sessions.open(new ConsoleUser("mia", ConsoleRole.MARKETER));
        ConsoleSession other = sessions.open(new ConsoleUser("max", ConsoleRole.MARKETER));
        assertThat(router.dispatch(request("POST", "/campaigns/x/publish", null, mia)).status()).isEqualTo(403);
        assertThat(router.dispatch(request("POST", "/campaigns/x/publish", "_csrf=" + other.csrfToken(), mia))
                .status()).isEqualTo(403);
        ConsoleResponse ok = router.dispatch(request("POST", "/campaigns/x/publish", "_csrf=" + mia.csrfToken(), mia));
        assertThat(body(ok)).isEqualTo("published x");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        ConsoleSession s = sessions.open(new ConsoleUser("ann", ConsoleRole.ANALYST));
        assertThat(router.dispatch(request("GET", "/nowhere", null, s)).status()).isEqualTo(404);
        assertThat(router.dispatch(request("DELETE", "/campaigns/x", null, s)).status()).isEqualTo(405);
    }

    @Test
    void aClosedSessionNoLongerSignsIn() throws Exception {
        ConsoleSession s = sessions.open(new ConsoleUser("ann", ConsoleRole.ANALYST));
        sessions.close(s.id());
        assertThat(router.dispatch(request("GET", "/campaigns/x", null, s)).status()).isEqualTo(303);
    }

    @Test
    void afterLoginOnlyPathsInsideTheConsoleAreFollowed() {
        assertThat(LoginModule.safeNext("/campaigns")).isEqualTo("/campaigns");
        assertThat(LoginModule.safeNext("//evil.example/x")).isEqualTo("/");
        assertThat(LoginModule.safeNext("https://evil.example")).isEqualTo("/");
        assertThat(LoginModule.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(LoginModule.safeNext(null)).isEqualTo("/");
    }

    @Test
    void formsAndCookiesAreParsed() {
        assertThat(ConsoleRequest.parseUrlEncoded("a=1&b=x+y&c=%3C%3E&a=2")).containsEntry("b", java.util.List.of("x y"))
                .containsEntry("c", java.util.List.of("<>")).containsEntry("a", java.util.List.of("1", "2"));
        assertThat(ConsoleRequest.parseCookies("herald_session=abc; other=1")).containsEntry("herald_session", "abc")
                .containsEntry("other", "1");
    }

    @Test
    void aPublicPageThatDoesNotAskForTheSessionNeverLooksItUp() throws Exception {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        ConsoleSessions counting = new ConsoleSessions() {
            @Override
            public ConsoleSession open(ConsoleUser user) {
                return sessions.open(user);
            }

            @Override
            public java.util.Optional<ConsoleSession> find(String id) {
                lookups.incrementAndGet();
                return sessions.find(id);
            }

            @Override
            public void close(String id) {
                sessions.close(id);
            }

            @Override
            public void closeAllOf(String userName, String keepId) {
                sessions.closeAllOf(userName, keepId);
            }
        };
        ConsoleRouter withCounting = new ConsoleRouter(counting, new ConsoleView());
        withCounting.publicPage("GET", "/static/{file}", r -> ConsoleResponse.text(200, "text/css", "body{}"));
        withCounting.get("/campaigns/{id}", EnumSet.of(ConsoleRole.ANALYST), r -> ConsoleResponse.text(200, "text/plain", "ok"));
        ConsoleSession s = sessions.open(new ConsoleUser("ann", ConsoleRole.ANALYST));

        assertThat(withCounting.dispatch(request("GET", "/static/console.css", null, s)).status()).isEqualTo(200);
        assertThat(lookups).hasValue(0);
        assertThat(withCounting.dispatch(request("GET", "/campaigns/x", null, s)).status()).isEqualTo(200);
        assertThat(lookups).as("looked up once per request that needs it").hasValue(1);
    }
}
