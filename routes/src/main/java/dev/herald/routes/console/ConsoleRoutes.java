package dev.herald.routes.console;

import dev.herald.routes.console.users.UsersModule;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the web console under {@code /console} through whichever Camel HTTP component the runtime has
 * ({@code platform-http} standalone, {@code servlet} in the EAR), and {@code /} redirects to it. Each request
 * becomes a {@link ConsoleRequest} for the {@link ConsoleRouter}; the modules passed in are the console's areas.
 */
public class ConsoleRoutes extends RouteBuilder {

    public static final String PREFIX = "/console";

    private final String httpComponent;
    private final ConsoleRouter router;

    public ConsoleRoutes(String httpComponent, ConsoleUsers users, ConsoleSessions sessions,
                         List<ConsoleModule> modules) {
        this(httpComponent, users, sessions, modules, new LoginThrottle());
    }

    /**
     * @param sessions where sessions live; each request re-reads the session's user, so a removed user is signed
     *                 out at once and a changed role applies at the next page
     * @param throttle refuses sign-ins for a while after repeated failures
     */
    public ConsoleRoutes(String httpComponent, ConsoleUsers users, ConsoleSessions sessions,
                         List<ConsoleModule> modules, LoginThrottle throttle) {
        this.httpComponent = httpComponent;
        ConsoleView view = new ConsoleView();
        sessions = new AccountCheckedSessions(sessions, users);
        this.router = new ConsoleRouter(sessions, view);
        List<ConsoleModule> all = new java.util.ArrayList<>();
        all.add(new LoginModule(users, sessions, throttle));
        all.add(new UsersModule(users, sessions));
        all.addAll(modules);
        for (ConsoleModule module : all) {
            module.register(router, view);
            if (module.nav() != null) {
                view.addNav(module.nav());
            }
        }
        router.publicPage("GET", "/static/{file}", ConsoleRoutes::staticAsset);
        router.get("/", ConsoleRouter.ANY_ROLE, request -> {
            List<ConsoleNav> nav = view.navFor(request.user());
            return nav.isEmpty() ? view.error(request, 404, "Nothing here yet", "No console page is open to your role.")
                    : ConsoleResponse.redirect(nav.get(0).path());
        });
    }

    public ConsoleRouter router() {
        return router;
    }

    @Override
    public void configure() {
        from(httpComponent + ":" + PREFIX + "?matchOnUriPrefix=true").routeId("console")
                .process(this::serve).id("console-serve");
        from(httpComponent + ":/?httpMethodRestrict=GET").routeId("console-root")
                .process(e -> write(e.getMessage(), ConsoleResponse.redirect("/"), basePath(e.getMessage()) + PREFIX))
                .id("console-root-redirect");
    }

    void serve(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        String base = basePath(m);
        String uriPath = uriPath(m);
        int at = uriPath.indexOf(PREFIX);
        String path = at < 0 ? "/" : uriPath.substring(at + PREFIX.length());
        String contentType = m.getHeader(Exchange.CONTENT_TYPE, "", String.class);
        String method = m.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String form = "POST".equalsIgnoreCase(method) ? dev.herald.routes.FormBody.urlEncoded(m) : null;
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of("Origin", "Referer", "X-CSRF-Token", "Accept", "User-Agent", "X-Forwarded-Proto")) {
            String value = m.getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        boolean secure = secure(m.getHeader(Exchange.HTTP_URL, "", String.class), headers.get("X-Forwarded-Proto"));
        ConsoleRequest request = new ConsoleRequest(method, path, m.getHeader(Exchange.HTTP_QUERY, String.class),
                form, ConsoleRequest.parseCookies(m.getHeader("Cookie", String.class)), headers, secure);
        request.base(base + PREFIX);
        request.clientAddress(clientAddress(m));
        ConsoleResponse response;
        try {
            response = router.dispatch(request);
        } catch (Exception e) {
            log.error("console page {} {} failed", method, path, e);
            response = ConsoleResponse.html(500, "<!doctype html><title>Error</title><h1>Something went wrong</h1>"
                    + "<p>The page could not be shown; the details are in Herald's log.</p>");
        }
        write(m, response, base + PREFIX);
    }

    /**
     * Whether the browser reached us over TLS: directly ({@code https:} URL) or through a proxy that terminated TLS
     * and says so in {@code X-Forwarded-Proto}. Only decides the cookie's Secure flag, so a forged header costs the
     * forger nothing but a cookie their browser keeps to HTTPS.
     */
    static boolean secure(String url, String forwardedProto) {
        if (url != null && url.regionMatches(true, 0, "https:", 0, 6)) {
            return true;
        }
        if (forwardedProto == null) {
            return false;
        }
        // a chain of proxies lists one protocol each; the first is the browser's
        String first = forwardedProto.split(",")[0].strip();
        return "https".equalsIgnoreCase(first);
    }

    /**
     * The peer address of the connection: Vert.x hands it over as a header, the servlet container through its
     * request. X-Forwarded-For is not used, since a client can write anything there and throttling must hold.
     */
    static String clientAddress(Message m) {
        Object remote = m.getHeader("CamelVertxPlatformHttpRemoteAddress");
        if (remote != null) {
            String text = remote.toString();
            int colon = text.lastIndexOf(':');
            return colon > 0 ? text.substring(0, colon) : text;
        }
        try {
            Object servletRequest = m.getHeader(Exchange.HTTP_SERVLET_REQUEST);
            if (servletRequest == null) {
                // camel-http-common's HttpMessage (routes do not depend on the servlet API, hence reflection)
                servletRequest = m.getClass().getMethod("getRequest").invoke(m);
            }
            if (servletRequest != null) {
                Class<?> api = Class.forName("jakarta.servlet.ServletRequest", false,
                        servletRequest.getClass().getClassLoader());
                return String.valueOf(api.getMethod("getRemoteAddr").invoke(servletRequest));
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // neither Vert.x nor a servlet container: no address to throttle by
        }
        return "unknown";
    }


    private static String uriPath(Message m) {
        String uri = m.getHeader(Exchange.HTTP_URI, "", String.class);
        int q = uri.indexOf('?');
        return q >= 0 ? uri.substring(0, q) : uri;
    }

    /** What comes before {@code /console} in the request: empty standalone, the context root in the EAR. */
    private static String basePath(Message m) {
        String uri = uriPath(m);
        int at = uri.indexOf(PREFIX);
        if (at >= 0) {
            return uri.substring(0, at);
        }
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static void write(Message m, ConsoleResponse response, String consoleBase) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        m.setHeader(Exchange.CONTENT_TYPE, response.contentType());
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("X-Frame-Options", "DENY");
        m.setHeader("Referrer-Policy", "same-origin");
        m.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self';"
                + " script-src 'self'; form-action 'self'; frame-ancestors 'none'");
        response.headers().forEach(m::setHeader);
        if (response.consoleLocation() != null) {
            m.setHeader("Location", consoleBase + response.consoleLocation());
        }
        if (!response.cookies().isEmpty()) {
            m.setHeader("Set-Cookie", response.cookies().size() == 1 ? response.cookies().get(0) : response.cookies());
        }
        m.setBody(response.body());
    }

    private static ConsoleResponse staticAsset(ConsoleRequest request) throws IOException {
        String file = request.pathParameter("file");
        if (file == null || !file.matches("[\\w.-]+") || file.startsWith(".")) {
            return ConsoleResponse.text(404, "text/plain", "not found");
        }
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/static/" + file)) {
            if (in == null) {
                return ConsoleResponse.text(404, "text/plain", "not found");
            }
            String type = file.endsWith(".css") ? "text/css; charset=UTF-8"
                    : file.endsWith(".js") ? "text/javascript; charset=UTF-8"
                    : file.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
            return ConsoleResponse.bytes(200, type, in.readAllBytes()).header("Cache-Control", "max-age=3600");
        }
    }
}
