package dev.herald.app.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed-in console session over plain HTTP (no browser), for testing what the router refuses: its session
 * cookie and the CSRF token its pages carry.
 */
record ConsoleHttpSession(HttpClient client, int port, String cookie, String csrf) {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Signs in through the login form (with its double-submit token) and reads the CSRF token from a page. */
    static ConsoleHttpSession login(int port, String name, String password) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(url(port, "/console/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String loginCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String token = page.body().replaceAll("(?s).*name=\"loginToken\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(url(port, "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", loginCookie.substring(0, loginCookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("loginToken", token, "next", "/",
                        "name", name, "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        String session = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("herald_session=")).findFirst()
                .orElseThrow(() -> new AssertionError("login of " + name + " failed: " + login.statusCode()));
        String cookie = session.substring(0, session.indexOf(';'));
        HttpResponse<String> home = client.send(HttpRequest.newBuilder(url(port, "/console/campaigns"))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(home.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the page: " + home.body());
        }
        return new ConsoleHttpSession(client, port, cookie, m.group(1));
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(url(port, path)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        return client.send(HttpRequest.newBuilder(url(port, path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String form(Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return form.toString();
    }
}
