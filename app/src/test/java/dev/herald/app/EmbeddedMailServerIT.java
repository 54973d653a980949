package dev.herald.app;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded SMTP server keeps every email it accepts, with its own recipients and whole content, in one list
 * instead of an account and IMAP folder per address (ADR 0033, 0037): real SMTP sessions against the real GreenMail.
 */
class EmbeddedMailServerIT {

    @Test
    void keepsEveryAcceptedEmailWithItsRecipientsWithoutAnAccountPerAddress(@TempDir Path emlDir) throws Exception {
        try (EmbeddedMailServer server = new EmbeddedMailServer(0)) {
            Session session = session(server);
            send(session, "first", "ann@a.example");
            send(session, "second", "bob@b.example");
            send(session, "to two", "carol@c.example", "dan@d.example");

            List<MimeMessage> received = server.receivedMessages();
            assertThat(received).as("one copy per recipient, as a mail server delivers").hasSize(4);
            assertThat(received.stream().map(EmbeddedMailServerIT::subjectAndRecipients))
                    .containsExactlyInAnyOrder("first -> [ann@a.example]", "second -> [bob@b.example]",
                            "to two -> [carol@c.example, dan@d.example]",
                            "to two -> [carol@c.example, dan@d.example]");
            assertThat(server.accounts()).as("no account created per recipient address").isZero();
            assertThat(server.writeEmlFiles(emlDir)).hasSize(4)
                    .anySatisfy(file -> assertThat(file.getFileName().toString()).contains("bob@b.example"));
        }
    }

    @Test
    void keepsTheWholeMessageItsHeadersAndBothAlternativesAsSent() throws Exception {
        try (EmbeddedMailServer server = new EmbeddedMailServer(0)) {
            MimeMessage message = new MimeMessage(session(server));
            message.setFrom(new InternetAddress("hello@herald.example"));
            message.addRecipient(Message.RecipientType.TO, new InternetAddress("erin@e.example"));
            message.setSubject("Welcome, Erin", "UTF-8");
            message.setHeader("List-Unsubscribe", "<https://herald.example/u/abc>");
            MimeMultipart alternatives = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Hello Erin \u2014 welcome", "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent("<p>Hello Erin &mdash; welcome</p>", "text/html; charset=UTF-8");
            alternatives.addBodyPart(text);
            alternatives.addBodyPart(html);
            message.setContent(alternatives);
            Transport.send(message);

            MimeMessage received = server.receivedMessages().get(0);
            assertThat(received.getSubject()).isEqualTo("Welcome, Erin");
            assertThat(received.getHeader("List-Unsubscribe")).containsExactly("<https://herald.example/u/abc>");
            MimeMultipart parts = (MimeMultipart) received.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Hello Erin \u2014 welcome");
            assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Hello Erin &mdash; welcome</p>");
        }
    }

    /** A mail session that sends to the embedded server over SMTP on 127.0.0.1. */
    private static Session session(EmbeddedMailServer server) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(server.port()));
        return Session.getInstance(props);
    }

    private static void send(Session session, String subject, String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("hello@herald.example"));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        message.setText("hello");
        Transport.send(message);
    }

    private static String subjectAndRecipients(MimeMessage message) {
        try {
            return message.getSubject() + " -> " + Arrays.toString(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
