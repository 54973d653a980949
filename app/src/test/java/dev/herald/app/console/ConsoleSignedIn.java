package dev.herald.app.console;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console user signed in over plain HTTP (no browser), for testing what the router refuses: the session cookie
 * and the session's CSRF token, read from the hidden field every signed-in page carries.
 */
final class ConsoleSignedIn {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String cookie;
    private final String csrf;

    private ConsoleSignedIn(String base, String cookie, String csrf) {
        this.base = base;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    static ConsoleSignedIn as(int port, String name, String password) throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + port + "/console";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String loginCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        String token = login.body().replaceAll("(?s).*name=\"loginToken\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", loginCookie.substring(0, loginCookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString("loginToken=" + token + "&next=%2F&name=" + name
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        String session = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("herald_session=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session for " + name + ": " + signedIn.statusCode()));
        String cookie = session.substring(0, session.indexOf(';'));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/segments"))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on a signed-in page: " + page.body());
        }
        return new ConsoleSignedIn(base, cookie, m.group(1));
    }

    String csrf() {
        return csrf;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a url-encoded form: {@code fields} as {@code name=value&...}, already encoded. */
    HttpResponse<String> post(String path, String fields) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(fields)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the form with the session's CSRF token added. */
    HttpResponse<String> postWithToken(String path, String fields) throws IOException, InterruptedException {
        return post(path, "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)
                + (fields.isEmpty() ? "" : "&" + fields));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
