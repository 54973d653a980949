package dev.herald.routes;

import dev.herald.engine.delivery.OutboundEmail;
import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.routes.metrics.HeraldMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;

/**
 * The steps of the dispatch routes: claim due emails from the outbox, turn one into a camel-mail message,
 * and report the outcome back to the outbox.
 */
public final class EmailDispatch {

    /** camel-mail's default header for the plain-text alternative of an HTML body. */
    static final String ALTERNATIVE_BODY = "CamelMailAlternativeBody";
    private static final String OUTBOUND = "HeraldOutbound";
    private static final String RENDERED_AT = "HeraldRenderedAtNanos";

    private final OutboxDispatcher dispatcher;
    private final String fromAddress;
    private final int batchSize;
    private final HeraldMetrics metrics;

    /** @param metrics where sends and failed attempts are counted ({@code /metrics}, ADR 0062) */
    public EmailDispatch(OutboxDispatcher dispatcher, String fromAddress, int batchSize, HeraldMetrics metrics) {
        this.dispatcher = dispatcher;
        this.fromAddress = fromAddress;
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    /** Leases a batch of due emails and puts the list in the body. */
    public void claimDue(Exchange exchange) {
        List<OutboundEmail> due = dispatcher.claimDue(batchSize);
        exchange.getMessage().setBody(due);
    }

    /** Whether the email in the body is still this dispatcher's to send: see {@link OutboxDispatcher#holdLease}. */
    public boolean holdLease(Exchange exchange) {
        return dispatcher.holdLease(exchange.getMessage().getBody(OutboundEmail.class));
    }

    /**
     * Replaces the exchange's message with exactly the email to send: no inherited header may reach SMTP
     * (camel-mail copies headers into MIME headers and lets a header recipient override the endpoint's).
     */
    public void toMail(Exchange exchange) {
        OutboundEmail email = exchange.getMessage().getBody(OutboundEmail.class);
        exchange.setProperty(OUTBOUND, email);
        exchange.setProperty(RENDERED_AT, System.nanoTime());
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader("To", email.recipient());
        m.setHeader("From", fromAddress);
        m.setHeader("Subject", email.email().subject());
        m.setHeader("Content-Type", "text/html; charset=UTF-8");
        m.setHeader(Headers.MAIL_CAMPAIGN, email.campaign());
        m.setHeader(Headers.MAIL_OUTBOX_ID, String.valueOf(email.outboxId()));
        m.setHeader(ALTERNATIVE_BODY, email.email().text());
        // List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) for marketing email, from the outbox's hooks
        email.headers().forEach(m::setHeader);
        m.setBody(email.email().html());
    }

    public void markSent(Exchange exchange) {
        dispatcher.markSent(outbound(exchange).outboxId());
        Long renderedAt = exchange.getProperty(RENDERED_AT, Long.class);
        metrics.emailSent(renderedAt == null ? null : java.time.Duration.ofNanos(System.nanoTime() - renderedAt));
    }

    /** Records the failure on the outbox row: SMTP 5xx is permanent, anything else is retried. */
    public void recordFailure(Exchange exchange) {
        OutboundEmail email = outbound(exchange);
        if (email == null) {
            return; // failed before a message was taken; the lease will expire and it is taken again
        }
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int smtpCode = SmtpFailures.replyCode(cause);
        boolean permanent = smtpCode >= 500 && smtpCode < 600;
        String error = (smtpCode > 0 ? "SMTP " + smtpCode + ": " : "") + SmtpFailures.describe(cause);
        dispatcher.markFailed(email.outboxId(), error, permanent);
        metrics.sendFailed();
    }

    private static OutboundEmail outbound(Exchange exchange) {
        return exchange.getProperty(OUTBOUND, OutboundEmail.class);
    }
}
