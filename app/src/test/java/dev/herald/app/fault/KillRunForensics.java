package dev.herald.app.fault;

import dev.herald.routes.Headers;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a failed kill -9 run leaves for a post-mortem: the events not on record, and for each of them its
 * customer and outbox rows, the emails that reached the SMTP server (with the outbox id Herald stamped on them),
 * whether the broker still holds it (queue or dead letters, with its delivery count) and every line of the child
 * logs that names it. Written to a report file next to the child logs, which are kept under
 * {@code target/kill-restart/} (the temporary data directory is deleted after the test).
 */
final class KillRunForensics {

    private KillRunForensics() {
    }

    /** The event ids of {@code expected} that have no processed_event row. */
    static List<String> missingEvents(String url, List<String> expected) throws SQLException {
        Set<String> processed = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, "", "");
             PreparedStatement s = c.prepareStatement("select event_id from processed_event");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                processed.add(rs.getString(1));
            }
        }
        return expected.stream().filter(id -> !processed.contains(id)).toList();
    }

    /** A readable report on each missing event; never throws (a post-mortem must not hide the failure). */
    static String report(String url, int brokerPort, List<String> missing, List<MimeMessage> received,
                         Path logDir) {
        StringBuilder out = new StringBuilder();
        out.append("events without a processed_event row: ").append(missing).append('\n');
        section(out, "counts", () -> rows(url, "select (select count(*) from processed_event) processed,"
                + " (select count(*) from outbox_message) outbox,"
                + " (select count(*) from outbox_message where status = 'SENT') sent,"
                + " (select count(*) from customer) customers,"
                + " (select max(id) from outbox_message) max_outbox_id"));
        for (String eventId : missing) {
            String customerId = eventId.replaceFirst("^signup-", "");
            String email = customerId.toLowerCase(java.util.Locale.ROOT) + "@example.com";
            out.append("\n=== ").append(eventId).append(" (customer ").append(customerId).append(")\n");
            section(out, "customer row", () -> rows(url, "select * from customer where id = ?", customerId));
            section(out, "outbox rows of the customer", () -> rows(url,
                    "select id, campaign, status, attempts, claims, event_id, created_at, sent_at"
                            + " from outbox_message where customer_id = ? or recipient = ?", customerId, email));
            section(out, "emails received for " + email, () -> emailsTo(received, email));
            section(out, "outbox rows with the ids those emails carry", () -> {
                StringBuilder rows = new StringBuilder();
                for (String id : outboxIdsOf(received, email)) {
                    rows.append("outbox id ").append(id).append(": ")
                            .append(rows(url, "select id, customer_id, recipient, status, event_id"
                                    + " from outbox_message where id = ?", Long.valueOf(id)));
                }
                return rows.toString();
            });
            section(out, "broker: " + dev.herald.routes.RouteSettings.CRM_QUEUE, () ->
                    browse(brokerPort, dev.herald.routes.RouteSettings.CRM_QUEUE, customerId));
            section(out, "broker: " + dev.herald.routes.RouteSettings.DEAD_LETTER_QUEUE, () ->
                    browse(brokerPort, dev.herald.routes.RouteSettings.DEAD_LETTER_QUEUE, customerId));
            section(out, "child log lines naming " + customerId, () -> grep(logDir, customerId));
        }
        return out.toString();
    }

    private interface Part {
        String get() throws Exception;
    }

    private static void section(StringBuilder out, String title, Part part) {
        out.append("--- ").append(title).append('\n');
        try {
            out.append(part.get()).append('\n');
        } catch (Exception e) {
            out.append("(unavailable: ").append(e).append(")\n");
        }
    }

    private static String rows(String url, String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "", "");
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> lines = new ArrayList<>();
                while (rs.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        line.append(i > 1 ? ", " : "").append(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT))
                                .append('=').append(rs.getString(i));
                    }
                    lines.add(line.toString());
                }
                return lines.isEmpty() ? "(none)" : String.join("\n", lines);
            }
        }
    }

    private static String emailsTo(List<MimeMessage> received, String email) throws MessagingException {
        List<String> lines = new ArrayList<>();
        for (MimeMessage m : received) {
            if (recipients(m).contains(email)) {
                lines.add("outbox id " + m.getHeader(Headers.MAIL_OUTBOX_ID, null) + ", received "
                        + m.getReceivedDate() + ", " + m.getHeader("Received", null));
            }
        }
        return lines.isEmpty() ? "(none)" : String.join("\n", lines);
    }

    private static List<String> outboxIdsOf(List<MimeMessage> received, String email) throws MessagingException {
        List<String> ids = new ArrayList<>();
        for (MimeMessage m : received) {
            String id = m.getHeader(Headers.MAIL_OUTBOX_ID, null);
            if (id != null && recipients(m).contains(email)) {
                ids.add(id.strip());
            }
        }
        return ids;
    }

    private static List<String> recipients(MimeMessage m) throws MessagingException {
        jakarta.mail.Address[] to = m.getRecipients(jakarta.mail.Message.RecipientType.TO);
        return to == null ? List.of() : Stream.of(to).map(Object::toString).toList();
    }

    private static String browse(int brokerPort, String queue, String customerId) throws Exception {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             JMSContext context = cf.createContext();
             QueueBrowser browser = context.createBrowser(context.createQueue(queue))) {
            List<String> lines = new ArrayList<>();
            int total = 0;
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                Message m = (Message) e.nextElement();
                total++;
                String body = m.getBody(String.class);
                if (body != null && body.contains("\"" + customerId + "\"")) {
                    lines.add("message " + m.getJMSMessageID() + ", delivery count "
                            + m.getIntProperty("JMSXDeliveryCount") + ", group " + m.getStringProperty("JMSXGroupID")
                            + ", redelivered " + m.getJMSRedelivered() + ", dead-letter reason "
                            + m.getStringProperty(Headers.DEAD_LETTER_REASON));
                }
            }
            return total + " message(s) on the queue" + (lines.isEmpty() ? "; none for the customer"
                    : "; the customer's:\n" + String.join("\n", lines));
        }
    }

    private static String grep(Path logDir, String needle) {
        try (Stream<Path> logs = Files.list(logDir)) {
            List<String> lines = new ArrayList<>();
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.contains(needle + " ") || line.contains(needle + ")") || line.contains(needle + ":")
                            || line.endsWith(needle)) {
                        lines.add(log.getFileName() + ": " + line);
                    }
                }
            }
            return lines.isEmpty() ? "(none)" : String.join("\n", lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
