package dev.herald.app;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
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

/**
 * An in-process SMTP server (GreenMail) that receives what Herald sends when no external SMTP server is
 * configured, so the whole flow runs on a laptop and every email can be looked at.
 *
 * <p>Every message is stored in one catch-all mailbox instead of a mailbox per recipient. GreenMail's default
 * creates a user for each new address and finds mailboxes by scanning a list, so its cost per email grew with
 * the number of distinct recipients (at 5,000 recipients, user creation and lookup were half of its CPU,
 * ADR 0033). Nothing reads the mailboxes per user: only SMTP is served, and {@link #receivedMessages()} lists
 * every message, each with its own recipients.
 */
public final class EmbeddedMailServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMailServer.class);

    /** The one mailbox that every received message is stored in, whoever it is addressed to. */
    static final String CATCH_ALL = "herald-received@localhost";

    private final GreenMail greenMail;

    /** @param port SMTP port on 127.0.0.1, or 0 for a free one */
    public EmbeddedMailServer(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        if (port == 0) {
            setup = setup.dynamicPort();
        }
        greenMail = new GreenMail(setup);
        greenMail.start();
        try {
            GreenMailUser catchAll = greenMail.getUserManager().createUser(CATCH_ALL, CATCH_ALL, CATCH_ALL);
            greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> catchAll);
        } catch (UserException e) {
            greenMail.stop();
            throw new IllegalStateException("cannot create the embedded SMTP server's mailbox: " + e.getMessage(), e);
        }
        LOG.info("embedded SMTP server (GreenMail) listening on 127.0.0.1:{}", port());
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** The server's user accounts: one (the catch-all mailbox), however many addresses it received mail for. */
    int accounts() {
        return greenMail.getUserManager().listUser().size();
    }

    public List<MimeMessage> receivedMessages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** Writes every received message to {@code dir} as an .eml file; returns the files written. */
    public List<Path> writeEmlFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        MimeMessage[] messages = greenMail.getReceivedMessages();
        for (int i = 0; i < messages.length; i++) {
            MimeMessage m = messages[i];
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
}
