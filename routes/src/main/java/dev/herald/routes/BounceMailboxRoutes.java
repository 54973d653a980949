package dev.herald.routes;

import dev.herald.engine.consent.BounceService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Reads the bounce mailbox (IMAP or POP3, through camel-mail) and feeds every bounce it finds to the
 * {@link BounceService}: hard bounces suppress the address, soft ones are counted; feedback-loop spam reports (ARF)
 * suppress it as complained. Each counts against the campaign of the email it returned (ADR 0074). A message that is not a
 * bounce Herald understands is logged and left alone; a failure (database down) leaves the message unread, so
 * it is read again on the next poll.
 */
public class BounceMailboxRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BounceMailboxRoutes.class);

    private final String mailboxUri;
    private final BounceService bounces;

    /** @param mailboxUri a camel-mail consumer URI, e.g. {@code imap://host:143?username=…&password=…} */
    public BounceMailboxRoutes(String mailboxUri, BounceService bounces) {
        this.mailboxUri = mailboxUri;
        this.bounces = bounces;
    }

    @Override
    public void configure() {
        from(mailboxUri).routeId("bounce-mailbox")
                .process(this::readBounce).id("read-bounce");
    }

    void readBounce(Exchange exchange) throws Exception {
        MailMessage mail = exchange.getIn(MailMessage.class);
        jakarta.mail.Message message = mail.getMessage();
        BounceParser.Report report = BounceParser.read(message);
        if (report.isEmpty()) {
            LOG.info("bounce mailbox: message '{}' is not a bounce or complaint Herald understands; left alone",
                    message.getSubject());
            return;
        }
        for (BounceParser.Bounce b : report.bounces()) {
            try {
                BounceService.Result result = bounces.record(b.address(), b.status(), b.diagnostic(), "dsn-mailbox",
                        b.outboxId());
                LOG.info("bounce mailbox: status {} for an address: {}", b.status(), result.name().toLowerCase());
            } catch (IllegalArgumentException e) {
                LOG.warn("bounce mailbox: skipped a bounce: {}", e.getMessage());
            }
        }
        for (BounceParser.Complaint c : report.complaints()) {
            try {
                boolean added = bounces.recordComplaint(c.address(), "feedback-type " + c.feedbackType(),
                        "fbl-mailbox", "bounce-mailbox", c.outboxId());
                LOG.info("bounce mailbox: spam complaint ({}): address {}", c.feedbackType(),
                        added ? "suppressed" : "already suppressed");
            } catch (IllegalArgumentException e) {
                LOG.warn("bounce mailbox: skipped a complaint: {}", e.getMessage());
            }
        }
    }
}
