package dev.herald.routes.console.templates;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models the console renders emails with outside a real send: a made-up customer's, and the links the outbox
 * adds at send time as placeholders. Shared by the template preview and the report's click map.
 */
public final class PreviewModels {

    /**
     * Where the placeholders of the links added at send time point (the reserved {@code .invalid} domain): unsubscribe,
     * preferences and confirmation links are signed per email, so they cannot exist before one is queued.
     */
    public static final String SEND_TIME_LINKS = "https://links-added-at-send-time.invalid/";

    private PreviewModels() {
    }

    /** A signup email's model for a made-up customer, with the send-time links as placeholders. */
    public static Map<String, Object> sample(String campaign, boolean preferencesLink) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", "sample");
        customer.put("email", "sample@example.com");
        customer.put("name", "Sam Sample");
        customer.put("firstName", "Sam");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("customer", customer);
        model.put("locale", "en-GB");
        model.put("campaign", campaign);
        model.put("eventId", "preview");
        return withSendTimeLinks(model, preferencesLink);
    }

    /**
     * The model with the links the outbox adds at send time as placeholders, so a preview shows the footer the
     * recipient sees; the preferences link only while the campaigns define subscription topics (ADR 0063).
     */
    public static Map<String, Object> withSendTimeLinks(Map<String, Object> model, boolean preferencesLink) {
        Map<String, Object> out = new LinkedHashMap<>(model);
        out.putIfAbsent("unsubscribeUrl", SEND_TIME_LINKS + "unsubscribe");
        if (preferencesLink) {
            out.putIfAbsent("preferencesUrl", SEND_TIME_LINKS + "preferences");
        }
        out.putIfAbsent("confirmUrl", SEND_TIME_LINKS + "confirm");
        return out;
    }
}
