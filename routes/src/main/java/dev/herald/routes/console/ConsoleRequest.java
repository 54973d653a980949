package dev.herald.routes.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request to the console, independent of the server that carried it (Vert.x standalone, the servlet
 * container in the EAR): method, path below {@code /console}, query and form parameters, cookies, and — once the
 * router has checked them — the path parameters and the signed-in session.
 */
public final class ConsoleRequest {

    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> form;
    private final Map<String, String> cookies;
    private final Map<String, String> headers;
    private final boolean secure;
    private String base = ConsoleRoutes.PREFIX;
    private String clientAddress = "unknown";
    private Map<String, String> pathParameters = Map.of();
    private java.util.function.Supplier<Optional<ConsoleSession>> sessionLookup = Optional::empty;
    private Optional<ConsoleSession> session;

    public ConsoleRequest(String method, String path, String rawQuery, String formBody, Map<String, String> cookies,
                          Map<String, String> headers, boolean secure) {
        this.method = method.toUpperCase(java.util.Locale.ROOT);
        this.path = path.isEmpty() ? "/" : path;
        this.query = parseUrlEncoded(rawQuery);
        this.form = parseUrlEncoded(formBody);
        this.cookies = Map.copyOf(cookies);
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        this.headers = lower;
        this.secure = secure;
    }

    public String method() {
        return method;
    }

    public boolean isPost() {
        return "POST".equals(method);
    }

    /** The path below {@code /console}, starting with {@code /}. */
    public String path() {
        return path;
    }

    /** A query parameter, or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A form field of a POST, or null. */
    public String form(String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> formValues(String name) {
        return form.getOrDefault(name, List.of());
    }

    /** A path parameter named in the route pattern, e.g. {@code {id}} in {@code /campaigns/{id}}. */
    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    /** A request header, case-insensitive, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether the request came over TLS (directly or, as a proxy says, before it): session cookies then get Secure. */
    public boolean secure() {
        return secure;
    }

    /** Where the console is served, e.g. {@code /console}, or {@code /herald/console} under the EAR's context root. */
    public String base() {
        return base;
    }

    void base(String base) {
        this.base = base;
    }

    /** The address the request came from (the socket's peer: a proxy's address behind one), for login throttling. */
    public String clientAddress() {
        return clientAddress;
    }

    void clientAddress(String address) {
        this.clientAddress = address == null || address.isBlank() ? "unknown" : address;
    }

    /** The signed-in session, looked up once and only when asked (a stylesheet request never reads it). */
    public Optional<ConsoleSession> session() {
        if (session == null) {
            session = sessionLookup.get();
        }
        return session;
    }

    /** The signed-in user; only call on pages that require a login (all but the login page). */
    public ConsoleUser user() {
        return session().orElseThrow(() -> new IllegalStateException("no signed-in user on " + path)).user();
    }

    void pathParameters(Map<String, String> parameters) {
        this.pathParameters = Map.copyOf(parameters);
    }

    void sessionLookup(java.util.function.Supplier<Optional<ConsoleSession>> lookup) {
        this.sessionLookup = lookup;
        this.session = null;
    }

    /** Parses {@code a=1&b=x+y} (query strings and form bodies); a malformed escape keeps the raw text. */
    static Map<String, List<String>> parseUrlEncoded(String text) {
        return dev.herald.routes.FormBody.parse(text);
    }

    /** Cookies from a {@code Cookie: a=1; b=2} header. */
    static Map<String, String> parseCookies(String header) {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (header == null) {
            return cookies;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                cookies.putIfAbsent(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return cookies;
    }
}
