package dev.herald.app;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded SMTP server keeps every email it accepts, with its own recipients, in one catch-all mailbox
 * instead of creating an account per address (ADR 0033): real SMTP sessions against the real GreenMail.
 */
class EmbeddedMailServerIT {

    @Test
    void keepsEveryAcceptedEmailWithItsRecipientsWithoutAnAccountPerAddress(@TempDir Path emlDir) throws Exception {
        try (EmbeddedMailServer server = new EmbeddedMailServer(0)) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(server.port()));
            Session session = Session.getInstance(props);
            send(session, "first", "ann@a.example");
            send(session, "second", "bob@b.example");
            send(session, "to two", "carol@c.example", "dan@d.example");

            List<MimeMessage> received = server.receivedMessages();
            assertThat(received).as("one copy per recipient, as a mail server delivers").hasSize(4);
            assertThat(received.stream().map(EmbeddedMailServerIT::subjectAndRecipients))
                    .containsExactlyInAnyOrder("first -> [ann@a.example]", "second -> [bob@b.example]",
                            "to two -> [carol@c.example, dan@d.example]",
                            "to two -> [carol@c.example, dan@d.example]");
            assertThat(server.accounts()).as("no account created per recipient address").isEqualTo(1);
            assertThat(server.writeEmlFiles(emlDir)).hasSize(4)
                    .anySatisfy(file -> assertThat(file.getFileName().toString()).contains("bob@b.example"));
        }
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
