package dev.herald.routes;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * camel-mail's sender, but keeping one SMTP connection per sending thread open between messages instead of
 * connecting, greeting and quitting for every email (measured: the connection set-up was most of the cost of a
 * send to a local server, ADR 0023). A connection idle for longer than {@link #MAX_IDLE_NANOS} is closed and
 * opened again, before a server's idle timeout can bite; a connection on which a send failed is closed, so the
 * next message starts afresh. Delivery semantics do not change: a message counts as sent only when the server
 * has accepted its DATA, exactly as with a fresh connection.
 */
public class ConnectionReusingMailSender extends DefaultJavaMailSender {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionReusingMailSender.class);
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);
    static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Messages per connection before it is renewed, so no connection lives for ever. */
    static final int MAX_MESSAGES_PER_CONNECTION = 1_000;

    private final ThreadLocal<OpenConnection> connections = new ThreadLocal<>();

    private static final class OpenConnection {
        final Transport transport;
        long lastUsed = System.nanoTime();
        int messages;

        OpenConnection(Transport transport) {
            this.transport = transport;
        }
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId); // keep the caller's id, as camel-mail does
        }
        OpenConnection connection = connection();
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
            connection.lastUsed = System.nanoTime();
            connection.messages++;
        } catch (MessagingException | RuntimeException e) {
            discard(connection);
            throw e;
        }
        if (connection.messages >= MAX_MESSAGES_PER_CONNECTION) {
            discard(connection);
        }
    }

    private OpenConnection connection() throws MessagingException {
        OpenConnection open = connections.get();
        long idle = open == null ? 0 : System.nanoTime() - open.lastUsed;
        // isConnected() costs a NOOP round trip: asked only after a pause, when the server may have hung up
        if (open != null && (idle > MAX_IDLE_NANOS || idle > CHECK_AFTER_IDLE_NANOS && !open.transport.isConnected())) {
            discard(open);
            open = null;
        }
        if (open == null) {
            Transport transport = getTransport(getSession());
            PasswordAuthentication auth = getPasswordAuthentication();
            LOG.debug("connecting to SMTP {}:{}", getHost(), getPort());
            transport.connect(getHost(), getPort(), auth == null ? null : auth.getUserName(),
                    auth == null ? null : auth.getPassword());
            open = new OpenConnection(transport);
            connections.set(open);
        }
        return open;
    }

    private void discard(OpenConnection connection) {
        connections.remove();
        try {
            connection.transport.close();
        } catch (MessagingException e) {
            LOG.debug("closing SMTP connection to {}: {}", getHost(), e.getMessage());
        }
    }
}
