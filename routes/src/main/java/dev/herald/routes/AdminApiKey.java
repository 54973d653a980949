package dev.herald.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.herald.routes.ingest.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The admin key ({@code herald.api.key}) that Herald's admin endpoints require as {@code Authorization: Bearer KEY}
 * or {@code X-Api-Key: KEY}: the bounce webhook, the privacy API, the campaign upload and the recommendation
 * endpoints. They change what Herald sends or show what a customer bought, so they are never open: without a key
 * set they answer 503 naming the setting, and a request without the key 401 (a browser page on the same machine
 * cannot use them either, since it cannot add the header to a simple request).
 */
public final class AdminApiKey {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApiKey.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String key;

    /** @param key the configured key; blank = the admin endpoints answer 503 */
    public AdminApiKey(String key) {
        this.key = key == null ? "" : key.strip();
    }

    /**
     * True when the request carries the key. Otherwise the message is already the answer (503 when no key is
     * configured, 401 when the request's key is missing or wrong) and the caller returns.
     */
    public boolean admits(Message m) {
        if (key.isEmpty()) {
            reply(m, 503, Map.of("error", "the admin API is off: set herald.api.key (HERALD_API_KEY)"));
            return false;
        }
        String given = m.getHeader("X-Api-Key", String.class);
        String authorization = m.getHeader("Authorization", String.class);
        if ((given == null || given.isBlank()) && authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7).strip();
        }
        if (!Secrets.sameSecret(given, key)) {
            LOG.warn("rejected an admin API call without a valid API key");
            reply(m, 401, Map.of("error", "missing or wrong API key (Authorization: Bearer KEY)"));
            return false;
        }
        return true;
    }

    /** A JSON answer: every request header removed first, so none is echoed back. */
    static void reply(Message m, int status, Object body) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            m.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
