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
 * Reads bounces and spam complaints out of a returned email. A delivery status notification (RFC 3464:
 * {@code multipart/report} with a {@code message/delivery-status} part) yields one bounce per failed or delayed
 * recipient with its status. A non-DSN bounce is understood only when it names the recipient in an
 * {@code X-Failed-Recipients} header (Exim, Gmail) and gives a status code in its text (5.0.0 when it gives none:
 * such bounces are permanent failures). A feedback-loop report (ARF, RFC 5965: a {@code message/feedback-report}
 * part of feedback type abuse or fraud) yields a complaint. Anything else yields nothing: guessing would suppress the
 * wrong address.
 *
 * <p>Both kinds of report usually return the original email or its headers; Herald's {@code X-Herald-Outbox-Id}
 * there names the very email the report is about, so it counts against the right campaign (ADR 0074), and a
 * feedback report whose provider redacted the recipient still finds the address.
 */
public final class BounceParser {

    /** One bounced recipient; {@code outboxId} is Herald's email the report returned, or null. */
    public record Bounce(String address, String status, String diagnostic, Long outboxId) {

        public Bounce(String address, String status, String diagnostic) {
            this(address, status, diagnostic, null);
        }
    }

    /**
     * One spam complaint: {@code address} is null when the provider redacted it, {@code outboxId} when the report
     * returned no Herald email; never both.
     */
    public record Complaint(String address, String feedbackType, Long outboxId) {
    }

    /** What a returned email holds: bounces, or complaints, or neither. */
    public record Report(List<Bounce> bounces, List<Complaint> complaints) {

        public boolean isEmpty() {
            return bounces.isEmpty() && complaints.isEmpty();
        }
    }

    /** The feedback types that are a recipient's complaint about the email (not "not-spam", "virus", "other"). */
    private static final java.util.Set<String> COMPLAINT_TYPES = java.util.Set.of("abuse", "fraud");
    private static final Pattern OUTBOX_ID = Pattern.compile("^\\s*(\\d{1,18})\\s*$");

    private static final Pattern STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private BounceParser() {
    }

    /** Bounces and complaints in a returned email. */
    public static Report read(Part message) throws MessagingException, IOException {
        List<Complaint> complaints = complaints(message);
        return new Report(complaints.isEmpty() ? parse(message) : List.of(), complaints);
    }

    public static List<Bounce> parse(Part message) throws MessagingException, IOException {
        List<Bounce> bounces = new ArrayList<>();
        findDsn(message, bounces, 0);
        if (!bounces.isEmpty()) {
            Long outboxId = returnedOutboxId(message, 0);
            return outboxId == null ? bounces : bounces.stream()
                    .map(b -> new Bounce(b.address(), b.status(), b.diagnostic(), outboxId)).toList();
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

    /** The complaints of a feedback-loop report (ARF); empty for any other email. */
    static List<Complaint> complaints(Part message) throws MessagingException, IOException {
        Map<String, String> fields = feedbackReport(message, 0);
        if (fields == null) {
            return List.of();
        }
        String type = fields.getOrDefault("feedback-type", "").strip().toLowerCase(Locale.ROOT);
        if (!COMPLAINT_TYPES.contains(type)) {
            return List.of();
        }
        Long outboxId = returnedOutboxId(message, 0);
        String address = fields.getOrDefault("original-rcpt-to", fields.get("removal-recipient"));
        if (address == null) {
            address = returnedHeader(message, "To", 0);
        }
        address = plainAddress(address);
        if (address == null && outboxId == null) {
            return List.of();
        }
        return List.of(new Complaint(address, type, outboxId));
    }

    /** The fields of the {@code message/feedback-report} part, or null when there is none. */
    private static Map<String, String> feedbackReport(Part part, int depth) throws MessagingException, IOException {
        if (depth > 5) {
            return null;
        }
        if (part.isMimeType("message/feedback-report")) {
            try (InputStream in = part.getInputStream()) {
                List<Map<String, String>> groups = groups(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return groups.isEmpty() ? Map.of() : groups.get(0);
            }
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                Map<String, String> found = feedbackReport(multipart.getBodyPart(i), depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Herald's outbox id in the email a report returned (whole, or its headers only), or null. */
    private static Long returnedOutboxId(Part message, int depth) throws MessagingException, IOException {
        String value = returnedHeader(message, Headers.MAIL_OUTBOX_ID, depth);
        Matcher m = OUTBOX_ID.matcher(value == null ? "" : value);
        return m.matches() ? Long.valueOf(m.group(1)) : null;
    }

    /** A header of the email a report returned ({@code message/rfc822} or {@code text/rfc822-headers}), or null. */
    private static String returnedHeader(Part part, String name, int depth) throws MessagingException, IOException {
        if (depth > 5) {
            return null;
        }
        if (part.isMimeType("message/rfc822") || part.isMimeType("message/global")) {
            Object content = part.getContent();
            if (content instanceof Part returned) {
                String[] values = returned.getHeader(name);
                return values == null || values.length == 0 ? null : values[0];
            }
            return null;
        }
        if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/global-headers")) {
            try (InputStream in = part.getInputStream()) {
                String value = new jakarta.mail.internet.InternetHeaders(in).getHeader(name, ",");
                return value;
            }
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = returnedHeader(multipart.getBodyPart(i), name, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** "Ann <ann@example.com>" or "rfc822; ann@example.com" → ann@example.com; null for a redacted or empty one. */
    private static String plainAddress(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = raw.contains(";") ? raw.substring(raw.indexOf(';') + 1) : raw;
        int open = text.indexOf('<');
        int close = text.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            text = text.substring(open + 1, close);
        }
        text = text.strip();
        return text.contains("@") && !text.contains("redacted") ? text : null;
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
