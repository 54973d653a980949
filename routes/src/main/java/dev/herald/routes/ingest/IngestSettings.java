package dev.herald.routes.ingest;

/**
 * Secrets of the HTTP ingestion endpoints, from the host's configuration. An empty value switches the endpoint
 * off: it answers 503 with the setting to set, so no request is ever accepted without authentication.
 *
 * @param apiKey        the Segment-style API key, sent as the HTTP Basic user name ({@code herald.api.key})
 * @param shopifySecret the Shopify app's webhook signing secret ({@code herald.webhook.shopify.secret})
 * @param hubspotSecret the HubSpot app's client secret for v3 signatures ({@code herald.webhook.hubspot.secret})
 */
public record IngestSettings(String apiKey, String shopifySecret, String hubspotSecret) {

    public IngestSettings {
        apiKey = apiKey == null ? "" : apiKey;
        shopifySecret = shopifySecret == null ? "" : shopifySecret;
        hubspotSecret = hubspotSecret == null ? "" : hubspotSecret;
    }

    /** Every endpoint off. */
    public static IngestSettings none() {
        return new IngestSettings("", "", "");
    }

    @Override
    public String toString() {
        return "IngestSettings[apiKey=" + (apiKey.isEmpty() ? "unset" : "****")
                + ", shopifySecret=" + (shopifySecret.isEmpty() ? "unset" : "****")
                + ", hubspotSecret=" + (hubspotSecret.isEmpty() ? "unset" : "****") + "]";
    }
}
