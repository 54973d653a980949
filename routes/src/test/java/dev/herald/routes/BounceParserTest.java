package dev.herald.routes;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Bounce messages as mail servers send them, read with Jakarta Mail. */
class BounceParserTest {

    @Test
    void dsnYieldsTheFailedAndDelayedRecipientsWithTheirStatus() throws Exception {
        List<BounceParser.Bounce> bounces = BounceParser.parse(message("dsn-multipart-report.eml"));

        assertThat(bounces).extracting(BounceParser.Bounce::address, BounceParser.Bounce::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Gone.User@example.org", "5.1.1"),
                org.assertj.core.groups.Tuple.tuple("full@example.org", "4.2.2"));
        assertThat(bounces.get(0).diagnostic()).isEqualTo(
                "smtp; 550 5.1.1 <gone.user@example.org>: Recipient address rejected: User unknown");
    }

    @Test
    void nonDsnBounceIsReadOnlyThroughXFailedRecipients() throws Exception {
        assertThat(BounceParser.parse(message("non-dsn-failed-recipients.eml")))
                .containsExactly(new BounceParser.Bounce("nobody@example.org", "5.1.1",
                        "non-DSN bounce (X-Failed-Recipients)"));
        assertThat(BounceParser.parse(message("not-a-bounce.eml"))).as("a reply mentioning an address").isEmpty();
    }

    @Test
    void aDsnThatReturnsHeraldsHeadersNamesTheEmailItIsAbout() throws Exception {
        assertThat(BounceParser.parse(message("dsn-with-herald-outbox-id.eml")))
                .extracting(BounceParser.Bounce::outboxId).containsExactly(42L, 42L);
        assertThat(BounceParser.parse(message("dsn-multipart-report.eml")))
                .extracting(BounceParser.Bounce::outboxId).containsOnlyNulls();
    }

    @Test
    void aFeedbackLoopReportIsAComplaintFoundByHeraldsOutboxIdWhenTheAddressIsRedacted() throws Exception {
        BounceParser.Report report = BounceParser.read(message("arf-redacted-with-outbox-id.eml"));

        assertThat(report.bounces()).isEmpty();
        assertThat(report.complaints()).containsExactly(new BounceParser.Complaint(null, "abuse", 4711L));
    }

    @Test
    void aFeedbackLoopReportNamesTheRecipientAndNotSpamReportsAreNoComplaint() throws Exception {
        assertThat(BounceParser.read(message("arf-original-rcpt-to.eml")).complaints())
                .containsExactly(new BounceParser.Complaint("Ann.Reader@example.org", "abuse", null));
        assertThat(BounceParser.read(message("arf-not-spam.eml")).isEmpty()).isTrue();
        assertThat(BounceParser.read(message("dsn-multipart-report.eml")).complaints()).isEmpty();
    }

    private static MimeMessage message(String name) throws Exception {
        try (InputStream in = BounceParserTest.class.getResourceAsStream("/bounces/" + name)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }
}
