package dev.herald.routes;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outgoing webhook settings (ADR 0068), read the same way by the standalone runtime and the EAR.
 *
 * @param url    where events are posted
 * @param secret the shared secret of the signature
 * @param period how often the relay looks for new events
 */
public record WebhookSettings(URI url, String secret, Duration period) {

    public static final String URL = "herald.webhooks.url";
    public static final String SECRET = "herald.webhooks.secret";
    public static final String PERIOD_MS = "herald.webhooks.period-ms";
    /** Keys, defaults and meanings, for the runtime's list of settings. */
    public static final List<String[]> SETTINGS = List.of(
            new String[]{URL, "", "post every email sent, open, click, unsubscribe and conversion to this URL as signed"
                    + " JSON batches (ADR 68); empty = no webhooks"},
            new String[]{SECRET, "", "the shared secret of the webhooks' X-Herald-Signature (HMAC-SHA256 of the body);"
                    + " needed with " + URL},
            new String[]{PERIOD_MS, "1000", "how often new events are looked for, in ms"});
    /** A secret shorter than this is too easy to guess. */
    static final int MIN_SECRET = 16;

    /**
     * The settings, or empty when {@value #URL} is not set.
     *
     * @throws IllegalArgumentException naming the setting, for a URL that is not http(s), a missing or short
     *                                  secret, or a period that is not a positive number of milliseconds
     */
    public static Optional<WebhookSettings> from(Function<String, String> setting) {
        String url = value(setting, URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(URL + " must be an http or https URL, e.g. https://crm.example/herald;"
                    + " got '" + url + "'");
        }
        String secret = value(setting, SECRET);
        if (secret.length() < MIN_SECRET) {
            throw new IllegalArgumentException(SECRET + " must be set, at least " + MIN_SECRET + " characters, when "
                    + URL + " is: the receiver checks each batch's signature with it");
        }
        String periodText = value(setting, PERIOD_MS);
        long period;
        try {
            period = periodText.isEmpty() ? 1000 : Long.parseLong(periodText);
        } catch (NumberFormatException e) {
            period = -1;
        }
        if (period <= 0) {
            throw new IllegalArgumentException(PERIOD_MS + " must be a positive number of milliseconds, got '"
                    + periodText + "'");
        }
        return Optional.of(new WebhookSettings(uri, secret, Duration.ofMillis(period)));
    }

    private static String value(Function<String, String> setting, String key) {
        String v = setting.apply(key);
        return v == null ? "" : v.strip();
    }
}
