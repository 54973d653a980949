package dev.herald.app;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An in-process SMTP server (GreenMail) that receives what Herald sends when no external SMTP server is
 * configured, so the whole flow runs on a laptop and every email can be looked at.
 *
 * <p>Every message is kept, once per recipient as a mail server delivers it, in one in-memory list instead of a
 * mailbox per recipient. GreenMail's default creates a user for each new address and finds mailboxes by scanning
 * a list, so its cost per email grew with the number of distinct recipients (ADR 0033); and storing a message in
 * an IMAP folder copies it and parses its whole MIME structure again for IMAP's envelope and body structure, which
 * was four fifths of the server thread's samples (ADR 0037). Nothing reads the messages over IMAP or POP3: only
 * SMTP is served, and {@link #receivedMessages()} lists every message, parsed as GreenMail received it.
 */
public final class EmbeddedMailServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMailServer.class);

    private final GreenMail greenMail;
    private final ConcurrentLinkedQueue<MimeMessage> received = new ConcurrentLinkedQueue<>();

    /** @param port SMTP port on 127.0.0.1, or 0 for a free one */
    public EmbeddedMailServer(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        if (port == 0) {
            setup = setup.dynamicPort();
        }
        greenMail = new GreenMail(setup);
        greenMail.start();
        GreenMailUser keeper = new ReceivedMessagesKeeper(received);
        greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> keeper);
        LOG.info("embedded SMTP server (GreenMail) listening on 127.0.0.1:{}", port());
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** The server's user accounts: none, however many addresses it received mail for. */
    int accounts() {
        return greenMail.getUserManager().listUser().size();
    }

    /** Every message accepted so far, in the order accepted, one entry per recipient. */
    public List<MimeMessage> receivedMessages() {
        return List.copyOf(received);
    }

    /** Writes every received message to {@code dir} as an .eml file; returns the files written. */
    public List<Path> writeEmlFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<MimeMessage> messages = receivedMessages();
        for (int i = 0; i < messages.size(); i++) {
            MimeMessage m = messages.get(i);
            String to;
            try {
                to = m.getAllRecipients() == null ? "unknown" : m.getAllRecipients()[0].toString();
            } catch (jakarta.mail.MessagingException e) {
                to = "unknown";
            }
            Path file = dir.resolve(String.format("%04d-%s.eml", i + 1, to.replaceAll("[^A-Za-z0-9@._-]", "_")));
            try (OutputStream out = Files.newOutputStream(file)) {
                m.writeTo(out);
            } catch (jakarta.mail.MessagingException e) {
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            written.add(file);
        }
        return written;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /**
     * Where GreenMail delivers every accepted message: appended to the server's list as received, without an IMAP
     * folder (no copy, no second parse). GreenMail asks only {@link #deliver(MovingMessage)} of a user returned by a
     * delivery handler; the account methods have nothing to do, since this user never logs in.
     */
    private record ReceivedMessagesKeeper(ConcurrentLinkedQueue<MimeMessage> received) implements GreenMailUser {

        @Override
        public void deliver(MovingMessage message) {
            received.add(message.getMessage());
        }

        @Override
        public void deliver(MimeMessage message) {
            received.add(message);
        }

        @Override
        public String getEmail() {
            return "herald-received@localhost";
        }

        @Override
        public String getLogin() {
            return getEmail();
        }

        @Override
        public void create() {
            // no mailbox to create: messages are kept in the server's list
        }

        @Override
        public void delete() {
            // never registered as an account, so GreenMail never deletes it
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public void setPassword(String password) {
            throw new UnsupportedOperationException("the embedded server's message keeper has no login");
        }

        @Override
        public void authenticate(String password) throws com.icegreen.greenmail.user.UserException {
            throw new com.icegreen.greenmail.user.UserException("the embedded server's message keeper has no login");
        }

        @Override
        public String getQualifiedMailboxName() {
            return getEmail();
        }
    }
}
