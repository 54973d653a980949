package dev.herald.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdminApiKeyTest {

    private static CamelContext camel;

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    @Test
    void theKeyIsAdmittedAsABearerTokenOrAsXApiKey() {
        AdminApiKey key = new AdminApiKey("s3cret");
        DefaultMessage bearer = request(Map.of("Authorization", "Bearer s3cret"));
        DefaultMessage lowerCase = request(Map.of("Authorization", "bearer  s3cret "));
        DefaultMessage header = request(Map.of("X-Api-Key", "s3cret"));

        assertThat(key.admits(bearer)).isTrue();
        assertThat(key.admits(lowerCase)).isTrue();
        assertThat(key.admits(header)).isTrue();
        assertThat(bearer.getHeader(Exchange.HTTP_RESPONSE_CODE)).as("left for the endpoint to answer").isNull();
    }

    @Test
    void aMissingOrWrongKeyIs401WithoutEchoingWhatWasSent() {
        AdminApiKey key = new AdminApiKey("s3cret");
        DefaultMessage missing = request(Map.of());
        DefaultMessage wrong = request(Map.of("Authorization", "Bearer s3cret-but-longer", "X-Trace", "abc"));
        DefaultMessage basic = request(Map.of("Authorization", "Basic czNjcmV0Og=="));

        assertThat(key.admits(missing)).isFalse();
        assertThat(key.admits(wrong)).isFalse();
        assertThat(key.admits(basic)).as("the tracking API's Basic form is not an admin credential").isFalse();
        assertThat(missing.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(wrong.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(wrong.getHeaders()).doesNotContainKeys("Authorization", "X-Trace");
        assertThat(wrong.getBody(String.class)).contains("missing or wrong API key").doesNotContain("s3cret");
    }

    @Test
    void withNoKeyConfiguredEveryCallIs503NamingTheSetting() {
        AdminApiKey off = new AdminApiKey("  ");
        DefaultMessage empty = request(Map.of("X-Api-Key", ""));
        DefaultMessage anything = request(Map.of("X-Api-Key", "guess"));

        assertThat(off.admits(empty)).isFalse();
        assertThat(off.admits(anything)).isFalse();
        assertThat(anything.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(anything.getBody(String.class)).contains("herald.api.key").contains("HERALD_API_KEY");
    }

    private static DefaultMessage request(Map<String, String> headers) {
        DefaultMessage message = new DefaultMessage(camel);
        headers.forEach(message::setHeader);
        return message;
    }
}
