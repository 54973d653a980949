package dev.herald.routes.console.users;

import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleRoutes;
import dev.herald.routes.console.ConsoleSession;
import dev.herald.routes.console.ConsoleUser;
import dev.herald.routes.console.InMemoryConsoleSessions;
import dev.herald.routes.console.InMemoryConsoleUsers;
import dev.herald.routes.console.LoginThrottle;
import dev.herald.routes.console.PasswordHasher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Users and Your account pages through the console's router, without a server (over HTTP: ConsoleUsersIT). */
class UsersModuleTest {

    static final String PASSWORD = "root password 1";

    final InMemoryConsoleUsers users = new InMemoryConsoleUsers(new PasswordHasher(1_000));
    final InMemoryConsoleSessions sessions = new InMemoryConsoleSessions(Clock.systemUTC(), Duration.ofMinutes(30));
    ConsoleRouter router;
    ConsoleSession root;

    @BeforeEach
    void console() {
        users.add("root", PASSWORD.toCharArray(), ConsoleRole.ADMIN);
        router = new ConsoleRoutes("platform-http", users, sessions, List.of(), new LoginThrottle()).router();
        root = sessions.open(new ConsoleUser("root", ConsoleRole.ADMIN));
    }

    @Test
    void anAdminAddsAUserWhoCanThenSignInWithTheirRole() throws Exception {
        ConsoleResponse added = post(root, "/users", Map.of("name", "max", "role", "marketer",
                "password", "max's password", "confirm", "max's password"));

        assertThat(added.status()).isEqualTo(303);
        assertThat(added.consoleLocation()).startsWith("/users?done=added&name=max");
        assertThat(users.verify("max", "max's password".toCharArray()))
                .contains(new ConsoleUser("max", ConsoleRole.MARKETER));
        String page = body(get(root, "/users?done=added&name=max"));
        assertThat(page).contains("User max was added.").contains("data-user=\"max\"").contains("data-user=\"root\"");
    }

    @Test
    void anAddIsRefusedWithItsReasonForATakenOrInvalidNameAWeakPasswordOrTwoDifferentOnes() throws Exception {
        users.add("max", "max's password".toCharArray(), ConsoleRole.MARKETER);

        ConsoleResponse taken = post(root, "/users", Map.of("name", "max", "role", "admin",
                "password", "another password", "confirm", "another password"));
        ConsoleResponse invalid = post(root, "/users", Map.of("name", "<b>eve</b>", "role", "analyst",
                "password", "eve's password", "confirm", "eve's password"));
        ConsoleResponse shortOne = post(root, "/users", Map.of("name", "eve", "role", "analyst",
                "password", "short", "confirm", "short"));
        ConsoleResponse mismatch = post(root, "/users", Map.of("name", "eve", "role", "analyst",
                "password", "eve's password", "confirm", "eve's passwort"));
        ConsoleResponse badRole = post(root, "/users", Map.of("name", "eve", "role", "owner",
                "password", "eve's password", "confirm", "eve's password"));

        assertThat(List.of(taken, invalid, shortOne, mismatch, badRole)).allSatisfy(r -> assertThat(r.status())
                .isEqualTo(422));
        assertThat(body(taken)).contains("There is already a user named max");
        assertThat(body(invalid)).contains("is not valid").doesNotContain("<b>eve</b>");
        assertThat(body(shortOne)).contains("at least 10 characters").contains("value=\"eve\"");
        assertThat(body(mismatch)).contains("the two passwords are not the same");
        assertThat(body(badRole)).contains("Unknown role &#39;owner&#39;");
        assertThat(users.verify("max", "max's password".toCharArray())).as("max unchanged")
                .contains(new ConsoleUser("max", ConsoleRole.MARKETER));
        assertThat(users.find("eve")).isEmpty();
    }

    @Test
    void anAdminChangesARoleSetsAPasswordAndRemovesAUserButNeverTheirOwnAccount() throws Exception {
        users.add("max", "max's password".toCharArray(), ConsoleRole.MARKETER);

        ConsoleResponse role = post(root, "/users/max/role", Map.of("role", "analyst"));
        ConsoleResponse password = post(root, "/users/max/password", Map.of("password", "max's new password",
                "confirm", "max's new password"));
        ConsoleResponse ownRole = post(root, "/users/root/role", Map.of("role", "marketer"));
        ConsoleResponse ownRemoval = post(root, "/users/root/remove", Map.of());
        ConsoleResponse unknown = post(root, "/users/nobody/role", Map.of("role", "admin"));

        assertThat(role.consoleLocation()).startsWith("/users?done=role&name=max");
        assertThat(password.consoleLocation()).startsWith("/users?done=password&name=max");
        assertThat(users.verify("max", "max's new password".toCharArray()))
                .contains(new ConsoleUser("max", ConsoleRole.ANALYST));
        assertThat(users.verify("max", "max's password".toCharArray())).isEmpty();
        assertThat(ownRole.status()).isEqualTo(422);
        assertThat(body(ownRole)).contains("You cannot change your own role");
        assertThat(ownRemoval.status()).isEqualTo(422);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(users.find("root")).contains(new ConsoleUser("root", ConsoleRole.ADMIN));

        ConsoleResponse removed = post(root, "/users/max/remove", Map.of());
        assertThat(removed.consoleLocation()).startsWith("/users?done=removed&name=max");
        assertThat(users.find("max")).isEmpty();
    }

    @Test
    void aNewPasswordSignsTheUserOutEverywhereButInTheSessionThatSetIt() throws Exception {
        users.add("max", "max's password".toCharArray(), ConsoleRole.MARKETER);
        ConsoleSession maxAtWork = sessions.open(new ConsoleUser("max", ConsoleRole.MARKETER));
        ConsoleSession maxAtHome = sessions.open(new ConsoleUser("max", ConsoleRole.MARKETER));
        ConsoleSession rootElsewhere = sessions.open(new ConsoleUser("root", ConsoleRole.ADMIN));

        post(maxAtWork, "/account/password", Map.of("current", "max's password", "password", "max's new password",
                "confirm", "max's new password"));

        assertThat(sessions.find(maxAtWork.id())).as("the session that changed it").isPresent();
        assertThat(sessions.find(maxAtHome.id())).as("another browser of max").isEmpty();

        post(root, "/users/max/password", Map.of("password", "set by the admin", "confirm", "set by the admin"));

        assertThat(sessions.find(maxAtWork.id())).as("an admin's reset signs max out").isEmpty();
        assertThat(sessions.find(root.id())).isPresent();
        assertThat(sessions.find(rootElsewhere.id())).as("other users are not touched").isPresent();
    }

    @Test
    void otherRolesNeitherSeeNorUseTheUsersPageAndAFormWithoutTheTokenIsRefused() throws Exception {
        users.add("ana", "ana's password".toCharArray(), ConsoleRole.ANALYST);
        ConsoleSession ana = sessions.open(new ConsoleUser("ana", ConsoleRole.ANALYST));

        assertThat(get(ana, "/users").status()).isEqualTo(403);
        assertThat(post(ana, "/users", Map.of("name", "mallory", "role", "admin", "password", "mallory password",
                "confirm", "mallory password")).status()).isEqualTo(403);
        assertThat(post(ana, "/users/root/remove", Map.of()).status()).isEqualTo(403);
        assertThat(body(get(ana, "/account"))).doesNotContain("href=\"/console/users\"");
        assertThat(body(get(root, "/account"))).contains("href=\"/console/users\"");
        ConsoleResponse noToken = router.dispatch(request(root, "POST", "/users/ana/remove", null, Map.of()));
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(users.find("mallory")).isEmpty();
        assertThat(users.find("ana")).isPresent();
    }

    @Test
    void everyoneChangesTheirOwnPasswordAfterGivingTheCurrentOne() throws Exception {
        users.add("ana", "ana's password".toCharArray(), ConsoleRole.ANALYST);
        ConsoleSession ana = sessions.open(new ConsoleUser("ana", ConsoleRole.ANALYST));

        ConsoleResponse wrongCurrent = post(ana, "/account/password", Map.of("current", "guess",
                "password", "ana's new password", "confirm", "ana's new password"));
        ConsoleResponse same = post(ana, "/account/password", Map.of("current", "ana's password",
                "password", "ana's password", "confirm", "ana's password"));
        assertThat(users.verify("ana", "ana's password".toCharArray())).isPresent();
        ConsoleResponse changed = post(ana, "/account/password", Map.of("current", "ana's password",
                "password", "ana's new password", "confirm", "ana's new password"));

        assertThat(wrongCurrent.status()).isEqualTo(422);
        assertThat(body(wrongCurrent)).contains("Your current password is not right.");
        assertThat(same.status()).isEqualTo(422);
        assertThat(body(same)).contains("must differ from the current one");
        assertThat(changed.consoleLocation()).isEqualTo("/account?done=password");
        assertThat(body(get(ana, "/account?done=password"))).contains("Your password was changed.");
        assertThat(users.verify("ana", "ana's new password".toCharArray()))
                .contains(new ConsoleUser("ana", ConsoleRole.ANALYST));
        assertThat(users.verify("ana", "ana's password".toCharArray())).isEmpty();
    }

    @Test
    void aLinkCannotPutItsOwnWordsIntoTheNotice() throws Exception {
        String crafted = "/users?done=added&name=" + URLEncoder.encode("root. Call +1 555 0100 now",
                StandardCharsets.UTF_8);

        assertThat(body(get(root, crafted))).doesNotContain("555").doesNotContain("id=\"users-notice\"");
        assertThat(body(get(root, "/users?done=hacked&name=root"))).doesNotContain("id=\"users-notice\"");
    }

    private ConsoleResponse get(ConsoleSession session, String pathAndQuery) throws Exception {
        int q = pathAndQuery.indexOf('?');
        return router.dispatch(new ConsoleRequest("GET", q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1), null, Map.of(ConsoleRouter.SESSION_COOKIE, session.id()),
                Map.of(), false));
    }

    private ConsoleResponse post(ConsoleSession session, String path, Map<String, String> form) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put(ConsoleRouter.CSRF_FIELD, session.csrfToken());
        return router.dispatch(request(session, "POST", path, fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")), Map.of()));
    }

    private static ConsoleRequest request(ConsoleSession session, String method, String path, String form,
                                          Map<String, String> headers) {
        return new ConsoleRequest(method, path, null, form, Map.of(ConsoleRouter.SESSION_COOKIE, session.id()),
                headers, false);
    }

    private static String body(ConsoleResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
