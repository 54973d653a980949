package dev.herald.ear;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;

import static org.awaitility.Awaitility.await;

/** Events in Herald's wire format and the waiting for emails, shared by the WildFly integration tests. */
final class EarTestSupport {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private EarTestSupport() {
    }

    static String signup(String customerId, String email, String name) {
        return "{\"eventId\": \"signup-" + customerId + "\", \"type\": \"customer_signed_up\", \"customerId\": \""
                + customerId + "\", \"email\": \"" + email + "\", \"name\": \"" + name
                + "\", \"timestamp\": \"2026-03-01T10:15:30Z\"}";
    }

    static String order(String customerId, String email, String name) {
        return "{\"eventId\": \"order-" + customerId + "-completed\", \"type\": \"order_completed\", \"customerId\": \""
                + customerId + "\", \"email\": \"" + email + "\", \"name\": \"" + name
                + "\", \"timestamp\": \"2026-03-01T10:15:30Z\", \"orderId\": \"order-" + customerId
                + "\", \"currency\": \"GBP\", \"total\": 7.00, \"items\": [{\"productId\": \"85123A\", "
                + "\"name\": \"White Hanging Heart T-Light Holder\", \"quantity\": 2, \"price\": 3.50}]}";
    }

    /** Waits until an email to {@code address} has arrived and returns it. */
    static MimeMessage awaitMailTo(GreenMail smtp, String address) {
        return await().atMost(PATIENCE).until(() -> Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> recipients(m).contains(address)).findFirst().orElse(null), m -> m != null);
    }

    /** The HTML part of an email (Herald sends multipart/alternative with a text and an HTML part). */
    static String html(MimeMessage message) throws MessagingException, IOException {
        if (message.getContent() instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                if (parts.getBodyPart(i).isMimeType("text/html")) {
                    return (String) parts.getBodyPart(i).getContent();
                }
            }
            throw new IllegalStateException("no text/html part in " + message.getContentType());
        }
        return (String) message.getContent();
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
