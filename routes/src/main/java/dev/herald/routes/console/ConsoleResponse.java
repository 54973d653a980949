package dev.herald.routes.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the console answers: status, content type, body, extra headers and cookies. */
public final class ConsoleResponse {

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private String consoleLocation;

    private ConsoleResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    public static ConsoleResponse html(int status, String html) {
        return new ConsoleResponse(status, "text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    public static ConsoleResponse html(String html) {
        return html(200, html);
    }

    public static ConsoleResponse bytes(int status, String contentType, byte[] body) {
        return new ConsoleResponse(status, contentType, body);
    }

    public static ConsoleResponse text(int status, String contentType, String body) {
        return new ConsoleResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 303 See Other (after a POST, so a reload does not post again) to a console page: {@code location} is the path
     * below the console's base, e.g. {@code /campaigns}; the base ({@code /console}, or under the EAR's context
     * root) is put in front when the response is written.
     */
    public static ConsoleResponse redirect(String location) {
        ConsoleResponse r = new ConsoleResponse(303, "text/plain; charset=UTF-8", new byte[0]);
        r.consoleLocation = location;
        return r;
    }

    /** The redirect target below the console's base, or null. */
    public String consoleLocation() {
        return consoleLocation;
    }

    public ConsoleResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds a Set-Cookie header value, e.g. {@code herald_session=...; Path=/; HttpOnly; SameSite=Strict}. */
    public ConsoleResponse cookie(String setCookie) {
        cookies.add(setCookie);
        return this;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public List<String> cookies() {
        return cookies;
    }
}
