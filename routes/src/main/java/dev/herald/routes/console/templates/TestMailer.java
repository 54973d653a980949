package dev.herald.routes.console.templates;

import dev.herald.templates.RenderedTemplate;

/**
 * Sends a console test email through the runtime's SMTP path (the same camel-mail endpoint and session as real
 * sends), outside the outbox: a test send is not a campaign email, so it never reaches experiments, frequency caps
 * or engagement reports.
 */
@FunctionalInterface
public interface TestMailer {

    /** The header every test send carries, so it can be told apart (and filtered) in any inbox. */
    String TEST_HEADER = "X-Herald-Test";

    void send(String to, RenderedTemplate email) throws Exception;
}
