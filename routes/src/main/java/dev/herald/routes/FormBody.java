package dev.herald.routes;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The url-encoded form of a POST, whichever HTTP component served it: camel-platform-http-vertx hands the fields over
 * as a map, or as headers with the body consumed; the servlet leaves the body as text. For the console and the
 * customers' preference page.
 */
public final class FormBody {

    private FormBody() {
    }

    /** The form body of a url-encoded POST as {@code a=1&b=2}, or null when the request has none. */
    public static String urlEncoded(Message m) {
        String contentType = m.getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        Object body = m.getBody();
        if (body instanceof Map<?, ?> fields) {
            // camel-platform-http-vertx parses url-encoded forms itself and hands over the fields as a map
            return encode(fields);
        }
        String form = m.getBody(String.class);
        return form == null || form.isEmpty() ? formFromHeaders(m) : form;
    }

    /** Parses {@code a=1&b=x+y} (query strings and form bodies); a malformed escape keeps the raw text. */
    public static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String encode(Map<?, ?> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((name, value) -> {
            for (Object v : value instanceof List<?> list ? list : List.of(value == null ? "" : value)) {
                if (form.length() > 0) {
                    form.append('&');
                }
                form.append(java.net.URLEncoder.encode(String.valueOf(name), StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return form.toString();
    }

    /** Vert.x may hand a url-encoded form over as headers and consume the body; rebuild the body from them. */
    private static String formFromHeaders(Message m) {
        StringBuilder form = new StringBuilder();
        m.getHeaders().forEach((name, value) -> {
            if (name.startsWith("Camel") || value == null || isHttpHeader(name)) {
                return;
            }
            for (Object v : value instanceof List<?> list ? list : List.of(value)) {
                if (form.length() > 0) {
                    form.append('&');
                }
                form.append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return form.toString();
    }

    private static boolean isHttpHeader(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "host", "origin", "referer", "cookie", "accept", "accept-encoding", "accept-language", "connection",
                 "content-type", "content-length", "user-agent", "cache-control", "pragma", "upgrade-insecure-requests",
                 "x-forwarded-proto", "x-forwarded-for", "x-csrf-token" -> true;
            default -> name.toLowerCase(java.util.Locale.ROOT).startsWith("sec-");
        };
    }
}
