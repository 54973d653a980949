package dev.herald.routes.console;

import java.util.HashMap;
import java.util.Map;

/**
 * Login and logout. The login form is protected against cross-site posting by a double-submit token (a cookie and
 * a hidden field that must match: another site can make the browser send the cookie but cannot read it), and the
 * session cookie is HttpOnly and SameSite=Strict, Secure when the request came over TLS. Repeated failures are
 * throttled ({@link LoginThrottle}); a wrong name and a wrong password get the same answer.
 */
final class LoginModule implements ConsoleModule {

    static final String LOGIN_COOKIE = "herald_login";

    private final ConsoleUsers users;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;

    LoginModule(ConsoleUsers users, ConsoleSessions sessions, LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        router.publicPage("GET", "/login", request -> loginPage(view, request, 200, null));
        router.publicPage("POST", "/login", request -> login(view, request));
        router.post("/logout", ConsoleRouter.ANY_ROLE, request -> {
            request.session().ifPresent(s -> sessions.close(s.id()));
            return ConsoleResponse.redirect("/login")
                    .cookie(cookie(request, ConsoleRouter.SESSION_COOKIE, "", 0));
        });
    }

    private ConsoleResponse loginPage(ConsoleView view, ConsoleRequest request, int status, String error) {
        String token = InMemoryConsoleSessions.randomToken();
        Map<String, Object> model = new HashMap<>();
        model.put("base", request.base());
        model.put("loginToken", token);
        model.put("next", safeNext(request.isPost() ? request.form("next") : request.query("next")));
        model.put("error", error);
        model.put("name", request.isPost() ? request.form("name") : null);
        return ConsoleResponse.html(status, view.render("login", model))
                .header("Cache-Control", "no-store")
                .cookie(cookie(request, LOGIN_COOKIE, token, 600));
    }

    private ConsoleResponse login(ConsoleView view, ConsoleRequest request) {
        String expected = request.cookie(LOGIN_COOKIE);
        String given = request.form("loginToken");
        if (expected == null || given == null || !java.security.MessageDigest.isEqual(expected.getBytes(),
                given.getBytes())) {
            return loginPage(view, request, 403, "The login form expired. Please sign in again.");
        }
        String name = request.form("name");
        String password = request.form("password");
        var blocked = throttle.blockedFor(name, request.clientAddress());
        if (blocked.isPresent()) {
            // the password is not even checked, so a right guess now tells nothing either
            long minutes = Math.max(1, (blocked.get().toSeconds() + 59) / 60);
            return loginPage(view, request, 429, "Too many failed sign-ins. Please wait " + minutes
                    + (minutes == 1 ? " minute" : " minutes") + " before trying again.")
                    .header("Retry-After", String.valueOf(Math.max(1, blocked.get().toSeconds())));
        }
        var user = users.verify(name, password == null ? new char[0] : password.toCharArray());
        if (user.isEmpty()) {
            throttle.failed(name, request.clientAddress());
            return loginPage(view, request, 401, "Wrong user name or password.");
        }
        throttle.succeeded(name);
        request.session().ifPresent(old -> sessions.close(old.id()));
        ConsoleSession session = sessions.open(user.get());
        return ConsoleResponse.redirect(safeNext(request.form("next")))
                .cookie(cookie(request, ConsoleRouter.SESSION_COOKIE, session.id(), -1))
                .cookie(cookie(request, LOGIN_COOKIE, "", 0));
    }

    /** Only a path inside the console: never another site (no open redirect after login). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }

    /** A cookie for the console's path; maxAge -1 = session cookie, 0 = delete. */
    static String cookie(ConsoleRequest request, String name, String value, int maxAgeSeconds) {
        StringBuilder c = new StringBuilder(name).append('=').append(value)
                .append("; Path=").append(request.base()).append("; HttpOnly; SameSite=Strict");
        if (maxAgeSeconds >= 0) {
            c.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (request.secure()) {
            c.append("; Secure");
        }
        return c.toString();
    }
}
