package dev.herald.routes;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads bounces out of a returned email. A delivery status notification (RFC 3464: {@code multipart/report}
 * with a {@code message/delivery-status} part) yields one bounce per failed or delayed recipient with its
 * status. A non-DSN bounce is understood only when it names the recipient in an {@code X-Failed-Recipients}
 * header (Exim, Gmail) and gives a status code in its text (5.0.0 when it gives none: such bounces are
 * permanent failures). Anything else yields nothing: guessing would suppress the wrong address.
 */
public final class BounceParser {

    /** One bounced recipient. */
    public record Bounce(String address, String status, String diagnostic) {
    }

    private static final Pattern STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private BounceParser() {
    }

    public static List<Bounce> parse(Part message) throws MessagingException, IOException {
        List<Bounce> bounces = new ArrayList<>();
        findDsn(message, bounces, 0);
        if (!bounces.isEmpty()) {
            return bounces;
        }
        String[] failed = message.getHeader("X-Failed-Recipients");
        if (failed == null) {
            return List.of();
        }
        String text = firstText(message, 0);
        Matcher m = STATUS.matcher(text == null ? "" : text);
        String status = m.find() && !m.group(1).startsWith("2") ? m.group(1) : "5.0.0";
        for (String header : failed) {
            for (String address : header.split(",")) {
                if (!address.isBlank()) {
                    bounces.add(new Bounce(address.strip(), status, "non-DSN bounce (X-Failed-Recipients)"));
                }
            }
        }
        return bounces;
    }

    private static void findDsn(Part part, List<Bounce> out, int depth) throws MessagingException, IOException {
        if (depth > 5) {
            return;
        }
        if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
            try (InputStream in = part.getInputStream()) {
                out.addAll(parseDeliveryStatus(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                findDsn(child, out, depth + 1);
            }
        }
    }

    /**
     * The per-recipient fields of a delivery-status body: groups of header lines separated by blank lines,
     * the first group being per-message. Only recipients whose action is {@code failed} or {@code delayed}
     * (or who have a 4.x.x/5.x.x status when the action is missing) are bounces.
     */
    static List<Bounce> parseDeliveryStatus(String body) {
        List<Bounce> out = new ArrayList<>();
        for (Map<String, String> group : groups(body)) {
            String recipient = group.getOrDefault("final-recipient", group.get("original-recipient"));
            String status = group.get("status");
            if (recipient == null || status == null) {
                continue;
            }
            Matcher m = STATUS.matcher(status);
            if (!m.find()) {
                continue;
            }
            String action = group.getOrDefault("action", "").toLowerCase(Locale.ROOT);
            boolean bounce = action.isEmpty() ? !m.group(1).startsWith("2")
                    : action.startsWith("failed") || action.startsWith("delayed");
            if (!bounce) {
                continue;
            }
            String address = recipient.contains(";") ? recipient.substring(recipient.indexOf(';') + 1) : recipient;
            out.add(new Bounce(address.strip(), m.group(1), group.getOrDefault("diagnostic-code", "")));
        }
        return out;
    }

    private static List<Map<String, String>> groups(String body) {
        List<Map<String, String>> groups = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : body.replace("\r\n", "\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    groups.add(current);
                    current = new LinkedHashMap<>();
                }
                lastKey = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && lastKey != null) {
                current.put(lastKey, current.get(lastKey) + " " + line.strip());
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    lastKey = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    current.put(lastKey, line.substring(colon + 1).strip());
                }
            }
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private static String firstText(Part part, int depth) throws MessagingException, IOException {
        if (depth > 5) {
            return null;
        }
        if (part.isMimeType("text/*")) {
            Object content = part.getContent();
            return content instanceof String s ? s : null;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = firstText(multipart.getBodyPart(i), depth + 1);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
