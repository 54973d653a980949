package dev.herald.app;

import dev.herald.routes.Headers;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads received emails the way a test wants to assert on them. */
public final class TestMail {

    private TestMail() {
    }

    /**
     * One received email, taken apart.
     *
     * @param contentType base type of the message, e.g. {@code multipart/alternative}
     * @param partTypes   base types of the top-level parts, in order (empty for a single-part message)
     */
    public record Mail(MimeMessage message, List<String> to, String from, String subject, String campaign,
                       String contentType, List<String> partTypes, String text, String html) {
    }

    public static Mail read(MimeMessage m) {
        try {
            List<String> to = m.getRecipients(Message.RecipientType.TO) == null ? List.of()
                    : Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
            String from = m.getFrom() == null || m.getFrom().length == 0 ? null : m.getFrom()[0].toString();
            List<String> partTypes = new ArrayList<>();
            String text = null;
            String html = null;
            Object content = m.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    String type = baseType(part.getContentType());
                    partTypes.add(type);
                    if (type.equals("text/plain")) {
                        text = (String) part.getContent();
                    } else if (type.equals("text/html")) {
                        html = (String) part.getContent();
                    }
                }
            } else if (content instanceof String s) {
                if (baseType(m.getContentType()).equals("text/html")) {
                    html = s;
                } else {
                    text = s;
                }
            }
            return new Mail(m, to, from, m.getSubject(), campaign(m), baseType(m.getContentType()),
                    List.copyOf(partTypes), text, html);
        } catch (MessagingException e) {
            throw new IllegalStateException("unreadable email: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Mail> readAll(List<MimeMessage> messages) {
        return messages.stream().map(TestMail::read).toList();
    }

    /** The campaign Herald stamped on the email ({@code X-Herald-Campaign}), or null. */
    public static String campaign(MimeMessage m) {
        try {
            return m.getHeader(Headers.MAIL_CAMPAIGN, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single email of one campaign to one address; fails when there is none or more than one. */
    public static Mail only(List<MimeMessage> messages, String recipient, String campaign) {
        List<Mail> found = readAll(messages).stream()
                .filter(m -> m.to().contains(recipient) && campaign.equals(m.campaign()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one '" + campaign + "' email to " + recipient + ", found "
                    + found.size() + " among " + messages.size() + " received");
        }
        return found.get(0);
    }

    private static String baseType(String contentType) throws MessagingException {
        return new ContentType(contentType).getBaseType().toLowerCase(Locale.ROOT);
    }
}
