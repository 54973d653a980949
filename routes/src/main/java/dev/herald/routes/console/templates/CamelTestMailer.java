package dev.herald.routes.console.templates;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.function.Supplier;

/**
 * Test sends through a runtime's own camel-mail endpoint (same SMTP server, session and sender address as real
 * emails), built like the dispatcher builds a message, but with a {@code [Test]} subject and the
 * {@link TestMailer#TEST_HEADER} header, and without the outbox: nothing is queued, capped or counted. Standalone
 * and the EAR both use it with their own endpoint.
 */
public final class CamelTestMailer {

    private CamelTestMailer() {
    }

    public static TestMailer of(CamelContext camel, Supplier<String> smtpEndpoint, String from) {
        return (to, email) -> {
            try (ProducerTemplate producer = camel.createProducerTemplate()) {
                Exchange result = producer.send(smtpEndpoint.get(), exchange -> {
                    var m = exchange.getMessage();
                    m.setHeader("To", to);
                    m.setHeader("From", from);
                    m.setHeader("Subject", "[Test] " + email.subject());
                    m.setHeader("Content-Type", "text/html; charset=UTF-8");
                    m.setHeader(TestMailer.TEST_HEADER, "console");
                    m.setHeader("CamelMailAlternativeBody", email.text());
                    m.setBody(email.html());
                });
                if (result.getException() != null) {
                    throw result.getException();
                }
            }
        };
    }
}
