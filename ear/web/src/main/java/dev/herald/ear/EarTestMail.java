package dev.herald.ear;

import dev.herald.routes.console.templates.TestMailer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The console's template test sends in WildFly: through the same camel-mail endpoint (the server's mail session
 * {@code java:jboss/mail/herald}) and sender address as real emails, with a {@code [Test]} subject and the
 * {@link TestMailer#TEST_HEADER} header, outside the outbox (nothing queued, capped or counted), as standalone.
 */
final class EarTestMail {

    private EarTestMail() {
    }

    static TestMailer mailer(CamelContext camel, String smtpUri, String from) {
        return (to, email) -> {
            try (ProducerTemplate producer = camel.createProducerTemplate()) {
                Exchange result = producer.send(smtpUri, exchange -> {
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
