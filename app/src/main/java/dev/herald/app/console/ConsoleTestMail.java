package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.routes.console.templates.TestMailer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The console's test sends through the runtime's own camel-mail endpoint (same SMTP server, session and sender
 * address as real emails), built like the dispatcher builds a message, but with a {@code [Test]} subject and the
 * {@link TestMailer#TEST_HEADER} header, and without the outbox: nothing is queued, capped or counted.
 */
final class ConsoleTestMail {

    private ConsoleTestMail() {
    }

    static TestMailer mailer(HeraldRuntime runtime) {
        return (to, email) -> {
            try (ProducerTemplate producer = runtime.camel().createProducerTemplate()) {
                Exchange result = producer.send(runtime.smtpEndpoint(), exchange -> {
                    var m = exchange.getMessage();
                    m.setHeader("To", to);
                    m.setHeader("From", runtime.config().get(HeraldConfig.MAIL_FROM));
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
