package dev.herald.app;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bounce mailbox read over POP3 (GreenMail): a DSN suppresses the address and is deleted once read; a
 * feedback-loop spam report whose provider redacted the recipient still suppresses Herald's recipient, found through
 * the {@code X-Herald-Outbox-Id} it returned, and counts against that email's campaign (ADR 0074).
 */
class Pop3BounceMailboxIT {

    @TempDir
    Path dataDir;
    GreenMail mailbox;
    GreenMailUser user;
    TestHerald herald;

    @BeforeEach
    void aHeraldReadingAPop3Mailbox() throws Exception {
        mailbox = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        mailbox.start();
        user = mailbox.setUser("bounces@herald.example", "popbounces", "pop-secret");
        herald = TestHerald.start(dataDir, Map.of(HeraldConfig.BOUNCE_MAILBOX, "pop3://127.0.0.1:"
                + mailbox.getPop3().getPort() + "?username=popbounces&password=pop-secret&delay=100&initialDelay=0"
                + "&delete=true"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (herald != null) {
                herald.close();
            }
        } finally {
            mailbox.stop();
        }
    }

    @Test
    void aDsnReadOverPop3SuppressesTheAddress() throws Exception {
        user.deliver(ConsentAndTrackingIT.dsn("Gone@Example.org", "5.1.1"));

        await("suppressed from the POP3 DSN").atMost(TestHerald.PATIENCE).until(() ->
                herald.count("select count(*) from suppression where address = 'gone@example.org'"
                        + " and reason = 'BOUNCED' and source = 'dsn-mailbox'") == 1);
        await("the DSN deleted once read").atMost(TestHerald.PATIENCE).until(() ->
                mailbox.getReceivedMessagesForDomain("herald.example").length == 0);
        assertThat(herald.count("select count(*) from bounce_event")).isEqualTo(1);
    }

    @Test
    void aFeedbackLoopReportWithTheRecipientRedactedSuppressesHeraldsRecipient() throws Exception {
        java.time.OffsetDateTime sent = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(2);
        herald.update("insert into outbox_message (id, campaign, customer_id, step, variant, event_id,"
                + " template_key, recipient, model_json, status, attempts, claims, created_at, next_attempt_at,"
                + " sent_at) values (900001, 'newsletter', 'C-DORA', '1', 'A', 'evt-dora', 'welcome',"
                + " 'dora@example.org', '{}', 'SENT', 1, 1, ?, ?, ?)", sent, sent, sent);

        user.deliver(feedbackReport(900001));

        await("suppressed as complained").atMost(TestHerald.PATIENCE).until(() ->
                herald.count("select count(*) from suppression where address = 'dora@example.org'"
                        + " and reason = 'COMPLAINED' and source = 'fbl-mailbox'") == 1);
        assertThat(herald.count("select count(*) from bounce_event where kind = 'COMPLAINT'"
                + " and campaign = 'newsletter'")).isEqualTo(1);
    }

    /** An ARF report (RFC 5965) as Microsoft's and Yahoo's loops send them: the recipient redacted, headers returned. */
    static jakarta.mail.internet.MimeMessage feedbackReport(long outboxId) throws Exception {
        String raw = String.join("\r\n",
                "From: Feedback Loop <fbl@mail.example.net>",
                "To: bounces@herald.example",
                "Subject: Abuse report",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=feedback-report; boundary=\"ARF\"",
                "",
                "--ARF",
                "Content-Type: text/plain",
                "",
                "A recipient reported this message as spam.",
                "--ARF",
                "Content-Type: message/feedback-report",
                "",
                "Feedback-Type: abuse",
                "Version: 1",
                "",
                "--ARF",
                "Content-Type: text/rfc822-headers",
                "",
                "From: Shop <shop@herald.example>",
                "To: redacted@example.org",
                "X-Herald-Outbox-Id: " + outboxId,
                "",
                "--ARF--", "");
        return new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
