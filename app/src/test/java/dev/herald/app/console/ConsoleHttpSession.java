package dev.herald.app.console;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console user over plain HTTP (no browser): signs in through the login form, keeps the session cookie, reads
 * the session's CSRF token from a page, and posts forms with or without it. For the role and CSRF tests.
 */
public final class ConsoleHttpSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private String cookie;
    private String csrf;

    private ConsoleHttpSession(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static ConsoleHttpSession login(int port, String name, String password) throws Exception {
        ConsoleHttpSession s = new ConsoleHttpSession(port);
        HttpResponse<String> page = s.client.send(HttpRequest.newBuilder(URI.create(s.base + "/console/login")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        String loginCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String token = page.body().replaceAll("(?s).*name=\"loginToken\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> r = s.client.send(HttpRequest.newBuilder(URI.create(s.base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", loginCookie.substring(0, loginCookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("loginToken", token, "next", "/", "name", name,
                        "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        String session = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("herald_session="))
                .findFirst().orElseThrow(() -> new IllegalStateException("login failed: " + r.statusCode()));
        s.cookie = session.substring(0, session.indexOf(';'));
        s.get("/console/campaigns"); // any page of the layout carries the session's CSRF token
        return s;
    }

    /** GET a console path (e.g. {@code /console/templates}); remembers the page's CSRF token. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** The session's CSRF token, as its pages carry it. */
    String csrf() {
        return csrf;
    }

    /** POSTs a form with the session's CSRF token (read from the last page fetched), unless it names its own. */
    HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.putIfAbsent("_csrf", csrf);
        return postWithoutToken(path, all);
    }

    /** POSTs a form exactly as given: without a CSRF token unless {@code fields} has one. */
    HttpResponse<String> postWithoutToken(String path, Map<String, String> fields) throws IOException,
            InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }
}
