package dev.herald.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.consent.BounceService;
import dev.herald.engine.engagement.EngagementService;
import dev.herald.engine.privacy.PrivacyService;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recipient-facing endpoints and the admin API of consent:
 * <ul>
 *   <li>{@code GET /u/TOKEN} a confirmation page with a button; {@code POST /u/TOKEN} unsubscribes (RFC 8058
 *       one-click: no login, no cookie, any body such as {@code List-Unsubscribe=One-Click}; idempotent).
 *       A GET never unsubscribes, so link scanners cannot.</li>
 *   <li>{@code GET /p/TOKEN} the customer's subscription topics with a box each; {@code POST /p/TOKEN} saves them
 *       (ADR 0063). Same token as the unsubscribe link; linked from its page when topics are defined.</li>
 *   <li>{@code GET /o/TOKEN.gif} records an open and answers a 1×1 GIF.</li>
 *   <li>{@code GET /c/TOKEN} records a click and redirects (302) to the URL signed into the token.</li>
 *   <li>{@code GET /optin/TOKEN} a confirmation page; {@code POST /optin/TOKEN} confirms double opt-in.</li>
 *   <li>{@code POST /v1/bounces}, {@code GET /v1/privacy/export/ID}, {@code POST /v1/privacy/erase/ID}: need
 *       the API key as {@code Authorization: Bearer KEY} or {@code X-Api-Key: KEY}.</li>
 * </ul>
 * Invalid or altered tokens get 404 and change nothing. No request header is echoed into a response.
 */
public class EngagementRoutes extends RouteBuilder {

    /** A transparent 1×1 GIF. */
    static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String http;
    private final Engagement services;
    private final AdminApiKey adminKey;

    public EngagementRoutes(String httpComponent, Engagement services) {
        this.http = httpComponent;
        this.services = services;
        this.adminKey = new AdminApiKey(services.apiKey());
    }

    @Override
    public void configure() {
        from(http + ":/u/{token}?httpMethodRestrict=GET,POST").routeId("http-unsubscribe")
                .process(this::unsubscribe).id("unsubscribe");
        from(http + ":/p/{token}?httpMethodRestrict=GET,POST").routeId("http-preferences")
                .process(this::preferences).id("preferences");
        from(http + ":/o/{token}?httpMethodRestrict=GET").routeId("http-open")
                .process(this::open).id("record-open");
        from(http + ":/c/{token}?httpMethodRestrict=GET").routeId("http-click")
                .process(this::click).id("record-click");
        from(http + ":/optin/{token}?httpMethodRestrict=GET,POST").routeId("http-optin")
                .process(this::optIn).id("confirm-optin");
        from(http + ":/v1/bounces?httpMethodRestrict=POST").routeId("http-bounces")
                .process(this::bounceWebhook).id("bounce-webhook");
        from(http + ":/v1/privacy/export/{customerId}?httpMethodRestrict=GET").routeId("http-privacy-export")
                .process(this::export).id("privacy-export");
        from(http + ":/v1/privacy/erase/{customerId}?httpMethodRestrict=POST").routeId("http-privacy-erase")
                .process(this::erase).id("privacy-erase");
    }

    void unsubscribe(Exchange exchange) {
        Message m = exchange.getMessage();
        String token = pathParameter(m, "token", "/u/");
        boolean post = "POST".equalsIgnoreCase(m.getHeader(Exchange.HTTP_METHOD, String.class));
        Optional<EngagementService.Sent> sent = post
                ? services.engagement().unsubscribe(token, "one-click unsubscribe")
                : services.engagement().unsubscribeTarget(token);
        CustomerPages pages = pages(m);
        if (sent.isEmpty()) {
            html(m, 404, pages.page("invalid.title", "<p>" + pages.text("unsubscribe.invalid") + "</p>"));
            return;
        }
        if (post) {
            html(m, 200, pages.page("unsubscribed.title", "<p>" + pages.text("unsubscribed.text") + "</p>"));
        } else {
            html(m, 200, pages.page("unsubscribe.title", "<p>" + pages.text("unsubscribe.question") + "</p>"
                    + "<form method=\"post\" action=\"\"><input type=\"hidden\" name=\"List-Unsubscribe\""
                    + " value=\"One-Click\"><button type=\"submit\">" + pages.text("unsubscribe.button")
                    + "</button></form>" + (services.topicLabels().get().isEmpty() ? ""
                    : "<p>" + pages.text("unsubscribe.preferences", "<a id=\"preferences\" href=\"../p/"
                    + Html.escape(token) + "\">" + pages.text("unsubscribe.preferences.link") + "</a>") + "</p>")));
        }
    }

    /**
     * {@code GET /p/TOKEN}: the customer's subscription topics with a box each, ticked for those they receive;
     * {@code POST} saves the boxes (a topic left unticked is opted out of), audited with the source
     * "preference page" (ADR 0063). The token is the email's unsubscribe token, so the page needs no login and shows
     * nothing but the topics.
     */
    void preferences(Exchange exchange) {
        Message m = exchange.getMessage();
        String token = pathParameter(m, "token", "/p/");
        boolean post = "POST".equalsIgnoreCase(m.getHeader(Exchange.HTTP_METHOD, String.class));
        String form = post ? FormBody.urlEncoded(m) : null;
        Optional<EngagementService.Sent> sent = services.engagement().unsubscribeTarget(token);
        Map<String, String> topics = services.topicLabels().get();
        CustomerPages pages = pages(m);
        if (sent.isEmpty() || topics.isEmpty()) {
            html(m, 404, pages.page("invalid.title", "<p>" + pages.text("preferences.invalid") + "</p>"));
            return;
        }
        String customer = sent.get().customerId();
        String notice = "";
        if (post) {
            Map<String, List<String>> fields = FormBody.parse(form);
            Map<String, Boolean> receive = new java.util.LinkedHashMap<>();
            topics.keySet().forEach(topic -> receive.put(topic, fields.containsKey("topic-" + topic)));
            services.topics().choose(customer, receive, "preference page");
            notice = "<p id=\"saved\" style=\"color:#1a7f37\">" + pages.text("preferences.saved") + "</p>";
        }
        Set<String> optedOut = services.topics().optedOut(customer);
        StringBuilder boxes = new StringBuilder();
        topics.keySet().forEach(topic -> boxes.append("<p><label><input type=\"checkbox\" name=\"topic-")
                .append(Html.escape(topic)).append("\" id=\"topic-").append(Html.escape(topic)).append('"')
                .append(optedOut.contains(topic) ? "" : " checked").append("> ")
                .append(Html.escape(services.topicLabel(topic, pages.language())))
                .append("</label></p>"));
        html(m, 200, pages.page("preferences.title", notice + "<p>" + pages.text("preferences.choose") + "</p>"
                + "<form method=\"post\" action=\"\">" + boxes + "<button type=\"submit\" id=\"save\">"
                + pages.text("preferences.save") + "</button></form><p>" + pages.text("preferences.unsubscribe",
                "<a href=\"../u/" + Html.escape(token) + "\">" + pages.text("preferences.unsubscribe.link") + "</a>")
                + "</p>"));
    }

    void open(Exchange exchange) {
        Message m = exchange.getMessage();
        String token = pathParameter(m, "token", "/o/");
        if (token.endsWith(".gif")) {
            token = token.substring(0, token.length() - 4);
        }
        services.engagement().recordOpen(token);
        m.removeHeaders("*");
        // the pixel either way: a mail client shows nothing broken, and an invalid token has recorded nothing
        m.setHeader(Exchange.CONTENT_TYPE, "image/gif");
        m.setHeader("Cache-Control", "no-store");
        m.setBody(PIXEL);
    }

    void click(Exchange exchange) {
        Message m = exchange.getMessage();
        Optional<String> target = services.engagement().recordClick(pathParameter(m, "token", "/c/"));
        if (target.isEmpty()) {
            CustomerPages pages = pages(m);
            html(m, 404, pages.page("invalid.title", "<p>" + pages.text("invalid.link") + "</p>"));
            return;
        }
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        m.setHeader("Location", target.get());
        m.setHeader("Cache-Control", "no-store");
        m.setBody("");
    }

    void optIn(Exchange exchange) {
        Message m = exchange.getMessage();
        String token = pathParameter(m, "token", "/optin/");
        boolean post = "POST".equalsIgnoreCase(m.getHeader(Exchange.HTTP_METHOD, String.class));
        CustomerPages pages = pages(m);
        if (services.engagement().confirmationCustomer(token).isEmpty()) {
            html(m, 404, pages.page("invalid.title", "<p>" + pages.text("optin.invalid") + "</p>"));
            return;
        }
        if (post) {
            services.engagement().confirm(token);
            html(m, 200, pages.page("optin.done.title", "<p>" + pages.text("optin.done") + "</p>"));
        } else {
            html(m, 200, pages.page("optin.title", "<p>" + pages.text("optin.question") + "</p><form method=\"post\""
                    + " action=\"\"><button type=\"submit\">" + pages.text("optin.button") + "</button></form>"));
        }
    }

    /**
     * {@code {"email": "...", "status": "5.1.1", "diagnostic": "..."}} or a list of them (e.g. from the mail
     * provider's bounce feed): hard bounces suppress, soft ones are counted. {@code {"email": "...", "type":
     * "complaint"}} (a feedback-loop spam report) suppresses as complained.
     */
    void bounceWebhook(Exchange exchange) {
        Message m = exchange.getMessage();
        if (!authorised(m)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(m.getBody(String.class));
            List<JsonNode> items = new ArrayList<>();
            if (root != null && root.isArray()) {
                root.forEach(items::add);
            } else if (root != null && root.isObject()) {
                items.add(root);
            } else {
                throw new IllegalArgumentException("body must be a JSON object or an array of objects");
            }
            List<Map<String, Object>> results = new ArrayList<>();
            for (JsonNode item : items) {
                String email = item.path("email").asText("");
                if ("complaint".equalsIgnoreCase(item.path("type").asText(""))) {
                    if (email.isBlank()) {
                        throw new IllegalArgumentException("a complaint needs \"email\"");
                    }
                    boolean added = services.bounces().recordComplaint(email, item.path("diagnostic").asText(""),
                            "webhook", "api");
                    results.add(Map.of("type", "complaint", "result", added ? "suppressed" : "already_suppressed"));
                    continue;
                }
                String status = item.path("status").asText("");
                if (email.isBlank() || status.isBlank()) {
                    throw new IllegalArgumentException("every bounce needs \"email\" and \"status\" (e.g. 5.1.1)");
                }
                BounceService.Result result = services.bounces().record(email, status,
                        item.path("diagnostic").asText(""), "webhook");
                results.add(Map.of("status", status, "result", result.name().toLowerCase()));
            }
            json(m, 200, Map.of("bounces", results));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            json(m, 400, Map.of("error", e.getMessage()));
        }
    }

    void export(Exchange exchange) {
        Message m = exchange.getMessage();
        if (!authorised(m)) {
            return;
        }
        String customerId = pathParameter(m, "customerId", "/v1/privacy/export/");
        try {
            json(m, 200, services.privacy().export(customerId));
        } catch (PrivacyService.UnknownCustomerException e) {
            json(m, 404, Map.of("error", e.getMessage()));
        }
    }

    void erase(Exchange exchange) {
        Message m = exchange.getMessage();
        if (!authorised(m)) {
            return;
        }
        String customerId = pathParameter(m, "customerId", "/v1/privacy/erase/");
        try {
            PrivacyService.Erasure erasure = services.privacy().erase(customerId, "api");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("erased", true);
            body.put("pseudonym", erasure.pseudonym());
            body.put("rows", erasure.rowsChanged());
            json(m, 200, body);
        } catch (PrivacyService.UnknownCustomerException e) {
            json(m, 404, Map.of("error", e.getMessage()));
        }
    }

    private boolean authorised(Message m) {
        return adminKey.admits(m);
    }

    /** A path parameter by name, or the rest of the path after {@code prefix} when the component gives none. */
    static String pathParameter(Message m, String name, String prefix) {
        String value = m.getHeader(name, String.class);
        if (value != null && !value.isBlank() && !value.startsWith("{")) {
            return value;
        }
        for (String header : List.of(Exchange.HTTP_URI, Exchange.HTTP_PATH)) {
            String path = m.getHeader(header, String.class);
            if (path != null) {
                int q = path.indexOf('?');
                path = q >= 0 ? path.substring(0, q) : path;
                int at = path.indexOf(prefix);
                if (at >= 0) {
                    return path.substring(at + prefix.length());
                }
            }
        }
        return "";
    }

    /** The page wording for the request's language, read before {@link #html} clears the headers. */
    private static CustomerPages pages(Message m) {
        return CustomerPages.forAcceptLanguage(m.getHeader("Accept-Language", String.class));
    }

    private static void html(Message m, int status, String body) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        m.setHeader("Cache-Control", "no-store");
        m.setHeader("Vary", "Accept-Language");
        m.setBody(body);
    }

    private static void json(Message m, int status, Object body) {
        AdminApiKey.reply(m, status, body);
    }
}
