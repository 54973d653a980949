package dev.herald.routes.console;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's pages by method and path pattern ({@code /campaigns/{id}}), each with the roles it admits. The
 * router is where access is enforced, so no page can forget it: a page without a signed-in session redirects to
 * the login, a role the page does not admit gets 403, and a POST without the session's CSRF token gets 403.
 */
public final class ConsoleRouter {

    /** The form field (or {@code X-CSRF-Token} header) that carries the session's CSRF token on every POST. */
    public static final String CSRF_FIELD = "_csrf";
    public static final String SESSION_COOKIE = "herald_session";

    /** Every role: for pages any signed-in user may see. */
    public static final Set<ConsoleRole> ANY_ROLE = EnumSet.allOf(ConsoleRole.class);

    private record Route(String method, Pattern pattern, List<String> names, Set<ConsoleRole> roles,
                         boolean requiresLogin, ConsoleHandler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final ConsoleSessions sessions;
    private final ConsoleView view;

    public ConsoleRouter(ConsoleSessions sessions, ConsoleView view) {
        this.sessions = sessions;
        this.view = view;
    }

    public void get(String pattern, Set<ConsoleRole> roles, ConsoleHandler handler) {
        add("GET", pattern, roles, true, handler);
    }

    public void post(String pattern, Set<ConsoleRole> roles, ConsoleHandler handler) {
        add("POST", pattern, roles, true, handler);
    }

    /** A page anyone may reach without a login (the login page itself, static assets). */
    public void publicPage(String method, String pattern, ConsoleHandler handler) {
        add(method, pattern, ANY_ROLE, false, handler);
    }

    private void add(String method, String pattern, Set<ConsoleRole> roles, boolean requiresLogin,
                     ConsoleHandler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(pattern);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, Set.copyOf(roles), requiresLogin,
                handler));
    }

    /** Finds the page, enforces login, role and CSRF, and runs it. */
    public ConsoleResponse dispatch(ConsoleRequest request) throws Exception {
        request.sessionLookup(() -> sessions.find(request.cookie(SESSION_COOKIE)));
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(request.path());
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(request.method())) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                parameters.put(route.names().get(i), java.net.URLDecoder.decode(m.group(i + 1),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            request.pathParameters(parameters);
            if (route.requiresLogin()) {
                if (request.session().isEmpty()) {
                    String next = request.isPost() ? "/" : request.path();
                    return ConsoleResponse.redirect("/login?next=" + java.net.URLEncoder.encode(next,
                            java.nio.charset.StandardCharsets.UTF_8));
                }
                ConsoleUser user = request.user();
                if (user.role() != ConsoleRole.ADMIN && !route.roles().contains(user.role())) {
                    return view.error(request, 403, "Not allowed",
                            "Your role (" + user.role().label() + ") cannot open this page.");
                }
                if (request.isPost() && !csrfValid(request)) {
                    return view.error(request, 403, "Form expired",
                            "This form was not sent from your current session. Reload the page and try again.");
                }
            }
            return route.handler().handle(request);
        }
        if (pathKnown) {
            return view.error(request, 405, "Method not allowed", request.method() + " is not allowed here.");
        }
        return view.error(request, 404, "Not found", "There is no console page at " + request.path() + ".");
    }

    private static boolean csrfValid(ConsoleRequest request) {
        String expected = request.session().map(ConsoleSession::csrfToken).orElse(null);
        String given = request.form(CSRF_FIELD);
        if (given == null) {
            given = request.header("X-CSRF-Token");
        }
        return expected != null && given != null
                && java.security.MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
