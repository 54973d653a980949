package dev.herald.app;

import dev.herald.routes.ingest.Secrets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hostile-input corpus: malformed and malicious requests to the ingestion API, generated the same way every
 * time (no randomness), each with the status Herald must answer. Bad JSON, wrong types, oversized bodies, deep
 * nesting, invalid UTF-8, CR/LF in strings, markup in names, SQL-looking values, huge arrays, wrong content
 * types, missing or forged authentication and signatures.
 */
public final class HostileCorpus {

    /** One request and the answer it must get. */
    public record Case(String name, String path, Map<String, String> headers, byte[] body, int expectedStatus) {
        @Override
        public String toString() {
            return name + " → " + expectedStatus;
        }
    }

    private static final String[] SEGMENT_CALLS = {"track", "identify", "page", "alias", "batch"};
    private final List<Case> cases = new ArrayList<>();
    private final int port;

    private HostileCorpus(int port) {
        this.port = port;
    }

    /** Every case; {@code port} is where Herald listens (HubSpot signatures cover the URL). */
    public static List<Case> cases(int port) {
        HostileCorpus c = new HostileCorpus(port);
        c.authentication();
        c.contentTypes();
        c.badJson();
        c.invalidUtf8();
        c.deepNesting();
        c.wrongTypes();
        c.lineBreaks();
        c.markup();
        c.sqlLooking();
        c.hugeThings();
        c.missingFields();
        c.webhooks();
        return List.copyOf(c.cases);
    }

    private static Map<String, String> json(String auth) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (auth != null) {
            h.put("Authorization", auth);
        }
        return h;
    }

    private void segment(String name, String call, String body, int status) {
        segment(name, call, body.getBytes(StandardCharsets.UTF_8), status);
    }

    private void segment(String name, String call, byte[] body, int status) {
        cases.add(new Case(name, "/v1/" + call, json(TestHttp.basic(TestHttp.API_KEY)), body, status));
    }

    /** A track call of a type the engine knows (Signed Up), with {@code field} set to raw JSON {@code value}. */
    private static String signup(String field, String value) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("event", "\"Signed Up\"");
        f.put("userId", "\"C-HOSTILE\"");
        f.put("messageId", "\"hostile-1\"");
        f.put("timestamp", "\"2026-11-23T10:00:00Z\"");
        f.put("properties", "{\"email\":\"hostile@example.com\",\"name\":\"Hos Tile\"}");
        f.put(field, value);
        StringBuilder b = new StringBuilder("{");
        f.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }

    private static String order(String products) {
        return "{\"event\":\"Order Completed\",\"userId\":\"C-HOSTILE\",\"messageId\":\"hostile-o\","
                + "\"context\":{\"traits\":{\"email\":\"hostile@example.com\"}},"
                + "\"properties\":{\"order_id\":\"o-1\",\"products\":" + products + "}}";
    }

    private void authentication() {
        String body = signup("userId", "\"C-HOSTILE\"");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String[][] auths = {
                {"no Authorization", null},
                {"wrong key", TestHttp.basic("not-the-key")},
                {"key as password", "Basic " + Base64.getEncoder().encodeToString((":" + TestHttp.API_KEY).getBytes())},
                {"bearer scheme", "Bearer " + TestHttp.API_KEY},
                {"basic not base64", "Basic %%%"},
                {"empty basic", "Basic "},
                {"key with CRLF", TestHttp.basic(TestHttp.API_KEY + "\r\nX-Injected: 1")},
                {"key prefix only", TestHttp.basic(TestHttp.API_KEY.substring(0, 4))},
                {"key with trailing space", TestHttp.basic(TestHttp.API_KEY + " ")},
                {"SQL as key", TestHttp.basic("' OR '1'='1")},
        };
        for (String call : SEGMENT_CALLS) {
            for (String[] a : auths) {
                cases.add(new Case("auth: " + a[0] + " on /v1/" + call, "/v1/" + call, json(a[1]), bytes, 401));
            }
        }
    }

    private void contentTypes() {
        byte[] body = signup("userId", "\"C-HOSTILE\"").getBytes(StandardCharsets.UTF_8);
        String[] types = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x",
                "text/html", "application/jsonx"};
        for (String call : new String[]{"track", "batch"}) {
            for (String type : types) {
                cases.add(new Case("content type " + type + " on /v1/" + call, "/v1/" + call,
                        Map.of("Content-Type", type, "Authorization", TestHttp.basic(TestHttp.API_KEY)), body, 415));
            }
            cases.add(new Case("no content type on /v1/" + call, "/v1/" + call,
                    Map.of("Authorization", TestHttp.basic(TestHttp.API_KEY)), body, 415));
        }
    }

    private void badJson() {
        String[] bodies = {"", " ", "{", "}", "{\"event\":", "{\"event\":\"Signed Up\",}", "{'event':'Signed Up'}",
                "{\"event\":NaN}", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing", "/* c */ {}", "{\"a\":1 // c\n}",
                "null", "true", "42", "\"string\"", "[]", "[{\"event\":\"Signed Up\"}]", "{\"a\":01}",
                "{\"a\":\"unterminated}", "{\"a\":\"bad escape \\q\"}", "{\"a\":1,\"a\":2}", "{\"userId\":\"x\",\"userId\":\"y\"}",
                "\u0000", "{\"a\":\u0001}", "{\"a\":Infinity}", "{\"a\":-}", "{\"a\":[1,2,]}", "{a:1}", "\uFEFF{}x"};
        for (String call : new String[]{"track", "batch"}) {
            for (int i = 0; i < bodies.length; i++) {
                segment("bad JSON #" + i + " on /v1/" + call, call, bodies[i], 400);
            }
        }
    }

    private void invalidUtf8() {
        byte[][] sequences = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x28, (byte) 0xA1},
                {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0x28}};
        for (int i = 0; i < sequences.length; i++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes("{\"event\":\"Signed Up\",\"userId\":\"C-HOSTILE\",\"properties\":{\"email\":\"h@example.com\",\"name\":\"A".getBytes(StandardCharsets.UTF_8));
            b.writeBytes(sequences[i]);
            b.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
            segment("invalid UTF-8 #" + i, "track", b.toByteArray(), 400);
        }
    }

    private void deepNesting() {
        for (int depth : new int[]{33, 100, 1000, 100_000}) {
            String objects = "{\"event\":\"Signed Up\",\"properties\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
            // past 512 KiB the size limit answers before the parser looks at the nesting
            segment("nested objects depth " + depth, "track", objects,
                    objects.length() > dev.herald.routes.ingest.SegmentTranslator.MAX_EVENT_BYTES ? 413 : 400);
            segment("nested arrays depth " + depth, "batch", "{\"batch\":" + "[".repeat(depth) + "]".repeat(depth) + "}", 400);
        }
    }

    private void wrongTypes() {
        String[][] fields = {
                {"userId", "true"}, {"userId", "[]"}, {"userId", "{}"}, {"userId", "1.5"},
                {"anonymousId", "false"}, {"messageId", "5"}, {"messageId", "{}"}, {"messageId", "[\"a\"]"},
                {"event", "5"}, {"event", "[]"}, {"event", "{}"}, {"timestamp", "5"}, {"timestamp", "\"yesterday\""},
                {"timestamp", "\"2026-13-45T00:00:00Z\""}, {"timestamp", "\"1795431600\""}, {"properties", "\"str\""},
                {"properties", "[]"}, {"properties", "5"}, {"context", "\"x\""}, {"context", "[1]"},
                {"properties", "{\"email\":5}"}, {"properties", "{\"email\":[]}"}, {"properties", "{\"email\":\"no-at-sign\"}"},
                {"properties", "{\"email\":\"h@example.com\",\"name\":7}"},
        };
        for (String[] f : fields) {
            segment("wrong type " + f[0] + "=" + f[1], "track", signup(f[0], f[1]), 400);
        }
        segment("identify traits as array", "identify", "{\"userId\":\"C\",\"traits\":[1]}", 400);
        segment("identify trait as array", "identify", "{\"userId\":\"C\",\"traits\":{\"tags\":[\"a\"]}}", 400);
        segment("identify trait nested twice", "identify", "{\"userId\":\"C\",\"traits\":{\"a\":{\"b\":{\"c\":1}}}}", 400);
        segment("identify consent not boolean", "identify",
                "{\"userId\":\"C\",\"context\":{\"consent\":{\"categoryPreferences\":{\"marketing\":\"yes\"}}}}", 400);
        segment("batch not an array", "batch", "{\"batch\":{}}", 400);
        segment("batch item not an object", "batch", "{\"batch\":[1]}", 400);
        segment("batch item without type", "batch", "{\"batch\":[{\"userId\":\"C\"}]}", 400);
        segment("batch item unknown type", "batch", "{\"batch\":[{\"type\":\"delete\",\"userId\":\"C\"}]}", 400);
        segment("order price as string", "track", order("[{\"product_id\":\"p\",\"price\":\"1.00\"}]"), 400);
        segment("order quantity fractional", "track", order("[{\"product_id\":\"p\",\"price\":1,\"quantity\":1.5}]"), 400);
        segment("order quantity zero", "track", order("[{\"product_id\":\"p\",\"price\":1,\"quantity\":0}]"), 400);
        segment("order price negative", "track", order("[{\"product_id\":\"p\",\"price\":-1}]"), 400);
        segment("order price huge", "track", order("[{\"product_id\":\"p\",\"price\":1e400}]"), 400);
        segment("order products not array", "track", order("{}"), 400);
        segment("order product not object", "track", order("[\"p\"]"), 400);
    }

    private void lineBreaks() {
        String[][] fields = {
                {"event", "\"Signed\\r\\nUp\""}, {"userId", "\"C\\r\\nX-Injected: 1\""}, {"messageId", "\"m\\n1\""},
                {"anonymousId", "\"a\\r\\n\""}, {"properties", "{\"email\":\"h@example.com\",\"name\":\"Ann\\r\\nBcc: x@evil.test\"}"},
                {"properties", "{\"email\":\"h@example.com\\r\\nBcc: x@evil.test\",\"name\":\"Ann\"}"},
                {"properties", "{\"email\":\"h@example.com\",\"first_name\":\"A\\nB\"}"},
                {"properties", "{\"email\":\"h@example.com\",\"name\":\"tab\\u0007bell\"}"},
        };
        for (String[] f : fields) {
            segment("CR/LF in " + f[0] + " " + f[1], "track", signup(f[0], f[1]), 400);
        }
        segment("CR/LF in trait", "identify", "{\"userId\":\"C\",\"traits\":{\"plan\":\"gold\\r\\nX: 1\"}}", 400);
        segment("CR/LF in page url", "page", "{\"userId\":\"C\",\"properties\":{\"url\":\"https://x/\\r\\nSet-Cookie: a\"}}", 400);
        segment("CR/LF in product name", "track",
                "{\"event\":\"Product Viewed\",\"userId\":\"C\",\"properties\":{\"product_id\":\"p\",\"name\":\"a\\nb\"}}", 400);
    }

    private void markup() {
        String[] payloads = {"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{#lambda}}x{{/lambda}}<b>",
                "\"><svg/onload=alert(1)>", "<iframe src=javascript:alert(1)>"};
        for (String p : payloads) {
            String quoted = "\"" + p.replace("\"", "\\\"") + "\"";
            segment("markup in name " + p, "track", signup("properties", "{\"email\":\"h@example.com\",\"name\":" + quoted + "}"), 400);
            segment("markup in userId " + p, "track", signup("userId", quoted), 400);
            segment("markup in product name " + p, "track", "{\"event\":\"Product Viewed\",\"userId\":\"C\","
                    + "\"properties\":{\"product_id\":\"p\",\"name\":" + quoted + "}}", 400);
            segment("markup in email " + p, "identify", "{\"userId\":\"C\",\"traits\":{\"email\":" + quoted + "}}", 400);
        }
    }

    private void sqlLooking() {
        String[] payloads = {"1' OR '1'='1", "1; DROP TABLE customer;--", "Robert'); DROP TABLE outbox_message;--",
                "' UNION SELECT * FROM customer --", "1 OR 1=1", "'; SHUTDOWN; --"};
        for (String p : payloads) {
            String quoted = "\"" + p + "\"";
            segment("SQL in userId " + p, "track", signup("userId", quoted), 400);
            segment("SQL in messageId " + p, "track", signup("messageId", quoted), 400);
            segment("SQL in email " + p, "track", signup("properties", "{\"email\":" + quoted + "}"), 400);
            segment("SQL in order id " + p, "track", order("[{\"product_id\":\"p\",\"price\":1}]")
                    .replace("\"o-1\"", quoted), 400);
            segment("SQL in previousId " + p, "alias", "{\"userId\":\"C\",\"previousId\":" + quoted + "}", 400);
            segment("SQL in currency " + p, "track", order("[{\"product_id\":\"p\",\"price\":1}]")
                    .replace("\"order_id\"", "\"currency\":" + quoted + ",\"order_id\""), 400);
        }
    }

    private void hugeThings() {
        segment("10 MB body", "batch", new byte[10 * 1024 * 1024], 413);
        segment("4 MiB + 1 batch", "batch", ("{\"batch\":[],\"pad\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8), 413);
        segment("512 KiB + 1 event", "track", ("{\"event\":\"Signed Up\",\"pad\":\"" + "x".repeat(512 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8), 413);
        segment("identify with 600 KiB trait", "identify", "{\"userId\":\"C\",\"traits\":{\"a\":\"" + "x".repeat(600 * 1024) + "\"}}", 413);
        segment("1001 products", "track", order("[" + "{\"product_id\":\"p\",\"price\":1},".repeat(1000)
                + "{\"product_id\":\"p\",\"price\":1}]"), 400);
        segment("2001 batch items", "batch", "{\"batch\":[" + "{\"type\":\"page\",\"userId\":\"C\"},".repeat(2000)
                + "{\"type\":\"page\",\"userId\":\"C\"}]}", 400);
        segment("200k empty batch items", "batch", "{\"batch\":[" + "{},".repeat(200_000) + "{}]}", 400);
        StringBuilder traits = new StringBuilder("{\"userId\":\"C\",\"traits\":{");
        for (int i = 0; i <= 100; i++) {
            traits.append(i > 0 ? "," : "").append("\"t").append(i).append("\":1");
        }
        segment("101 traits", "identify", traits.append("}}").toString(), 400);
        segment("empty batch", "batch", "{\"batch\":[]}", 400);
        segment("userId 101 chars", "track", signup("userId", "\"" + "u".repeat(101) + "\""), 400);
        segment("name 201 chars", "track", signup("properties", "{\"email\":\"h@example.com\",\"name\":\"" + "n".repeat(201) + "\"}"), 400);
        segment("number with 100 digits", "track", order("[{\"product_id\":\"p\",\"price\":" + "9".repeat(100) + "}]"), 400);
    }

    private void missingFields() {
        segment("no user or anonymous id", "track", "{\"event\":\"Signed Up\",\"properties\":{\"email\":\"h@example.com\"}}", 400);
        segment("blank user id", "track", signup("userId", "\"  \""), 400);
        segment("no event name", "track", "{\"userId\":\"C\"}", 400);
        segment("signup without email", "track", "{\"event\":\"Signed Up\",\"userId\":\"C\"}", 400);
        segment("order without email", "track", "{\"event\":\"Order Completed\",\"userId\":\"C\",\"properties\":{\"order_id\":\"o\","
                + "\"products\":[{\"product_id\":\"p\",\"price\":1}]}}", 400);
        segment("order without order id", "track", order("[{\"product_id\":\"p\",\"price\":1}]").replace("\"order_id\":\"o-1\",", ""), 400);
        segment("order without products", "track", order("null"), 400);
        segment("order with empty products", "track", order("[]"), 400);
        segment("product without id", "track", order("[{\"price\":1}]"), 400);
        segment("product without price", "track", order("[{\"product_id\":\"p\"}]"), 400);
        segment("product viewed without id", "track", "{\"event\":\"Product Viewed\",\"userId\":\"C\"}", 400);
        segment("alias without userId", "alias", "{\"anonymousId\":\"a\",\"previousId\":\"p\"}", 400);
        segment("alias without previousId", "alias", "{\"userId\":\"C\"}", 400);
        segment("batch without batch", "batch", "{\"events\":[]}", 400);
        segment("anonymousId too long for anon: prefix", "page", "{\"anonymousId\":\"" + "a".repeat(97) + "\"}", 400);
    }

    private void webhooks() {
        String order = "{\"id\":1,\"email\":\"h@example.com\",\"customer\":{\"id\":2},"
                + "\"line_items\":[{\"product_id\":3,\"price\":\"1.00\",\"quantity\":1}]}";
        byte[] body = order.getBytes(StandardCharsets.UTF_8);
        String good = Base64.getEncoder().encodeToString(Secrets.hmacSha256(TestHttp.SHOPIFY_SECRET, body));
        String[][] shopifySignatures = {
                {"no signature", null}, {"empty signature", ""}, {"garbage signature", "not-base64!"},
                {"signature of other body", Base64.getEncoder().encodeToString(Secrets.hmacSha256(TestHttp.SHOPIFY_SECRET, new byte[0]))},
                {"signature with wrong secret", Base64.getEncoder().encodeToString(Secrets.hmacSha256("guess", body))},
                {"hex instead of base64", java.util.HexFormat.of().formatHex(Secrets.hmacSha256(TestHttp.SHOPIFY_SECRET, body))},
                {"truncated signature", good.substring(0, 20)},
        };
        for (String[] s : shopifySignatures) {
            Map<String, String> h = new LinkedHashMap<>(json(null));
            h.put("X-Shopify-Topic", "orders/create");
            if (s[1] != null) {
                h.put("X-Shopify-Hmac-Sha256", s[1]);
            }
            cases.add(new Case("shopify " + s[0], "/v1/webhooks/shopify", h, body, 401));
        }
        for (String bad : new String[]{"{", "[]", "{\"id\":\"1 OR 1=1\",\"customer\":{\"id\":2}}",
                "{\"id\":1,\"customer\":{\"id\":2},\"email\":\"h@example.com\",\"line_items\":[{\"product_id\":3,\"price\":\"abc\"}]}"}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            Map<String, String> h = new LinkedHashMap<>(json(null));
            h.put("X-Shopify-Topic", "orders/create");
            h.put("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(Secrets.hmacSha256(TestHttp.SHOPIFY_SECRET, b)));
            cases.add(new Case("shopify signed but invalid " + bad, "/v1/webhooks/shopify", h, b, 400));
        }
        String hub = "[{\"eventId\":1,\"subscriptionType\":\"contact.creation\",\"objectId\":5}]";
        byte[] hubBody = hub.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        String[][] hubspot = {
                {"no signature", null, Long.toString(now)},
                {"no timestamp", sign(hub, Long.toString(now)), null},
                {"stale timestamp", sign(hub, Long.toString(now - 3_600_000)), Long.toString(now - 3_600_000)},
                {"future timestamp", sign(hub, Long.toString(now + 3_600_000)), Long.toString(now + 3_600_000)},
                {"timestamp not a number", sign(hub, "soon"), "soon"},
                {"signature for another path", Base64.getEncoder().encodeToString(Secrets.hmacSha256(TestHttp.HUBSPOT_SECRET,
                        ("POSThttps://127.0.0.1:" + port + "/other" + hub + now).getBytes(StandardCharsets.UTF_8))), Long.toString(now)},
                {"v1-style signature", java.util.HexFormat.of().formatHex(Secrets.hmacSha256(TestHttp.HUBSPOT_SECRET, hubBody)), Long.toString(now)},
        };
        for (String[] s : hubspot) {
            Map<String, String> h = new LinkedHashMap<>(json(null));
            if (s[1] != null) {
                h.put("X-HubSpot-Signature-v3", s[1]);
            }
            if (s[2] != null) {
                h.put("X-HubSpot-Request-Timestamp", s[2]);
            }
            cases.add(new Case("hubspot " + s[0], "/v1/webhooks/hubspot", h, hubBody, 401));
        }
    }

    private String sign(String body, String timestamp) {
        return Base64.getEncoder().encodeToString(Secrets.hmacSha256(TestHttp.HUBSPOT_SECRET,
                ("POSThttps://127.0.0.1:" + port + "/v1/webhooks/hubspot" + body + timestamp).getBytes(StandardCharsets.UTF_8)));
    }
}
