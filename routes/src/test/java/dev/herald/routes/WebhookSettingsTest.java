package dev.herald.routes;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outgoing webhook settings: off without a URL, and every bad value refused naming its setting. */
class WebhookSettingsTest {

    static final String SECRET = "sixteen chars at least";

    @Test
    void withoutAUrlThereAreNoWebhooksAndWithOneTheDefaultsApply() {
        assertThat(WebhookSettings.from(Map.<String, String>of()::get)).isEmpty();
        assertThat(WebhookSettings.from(Map.of(WebhookSettings.URL, "https://crm.example/herald",
                WebhookSettings.SECRET, SECRET)::get)).hasValue(new WebhookSettings(URI.create(
                "https://crm.example/herald"), SECRET, Duration.ofSeconds(1)));
    }

    @Test
    void aBadUrlAShortSecretOrABadPeriodIsRefusedNamingItsSetting() {
        assertThatThrownBy(() -> WebhookSettings.from(Map.of(WebhookSettings.URL, "ftp://crm.example",
                WebhookSettings.SECRET, SECRET)::get)).hasMessageStartingWith("herald.webhooks.url must be an http or"
                + " https URL");
        assertThatThrownBy(() -> WebhookSettings.from(Map.of(WebhookSettings.URL, "https://crm.example/h")::get))
                .hasMessageStartingWith("herald.webhooks.secret must be set, at least 16 characters");
        assertThatThrownBy(() -> WebhookSettings.from(Map.of(WebhookSettings.URL, "https://crm.example/h",
                WebhookSettings.SECRET, SECRET, WebhookSettings.PERIOD_MS, "soon")::get))
                .hasMessage("herald.webhooks.period-ms must be a positive number of milliseconds, got 'soon'");
    }

    @Test
    void theSignatureIsTheHmacSha256OfTheBodyInHex() {
        WebhookRoutes routes = new WebhookRoutes(null, URI.create("https://crm.example/h"), "key", Duration.ofSeconds(1));

        // RFC 4231-style check: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
        assertThat(routes.sign("The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }
}
