package dev.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.routes.Headers;
import dev.herald.routes.RouteSettings;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A {@link HeraldRuntime} on a test's temporary directory, with the embedded broker in-VM only, GreenMail on a
 * free port, HTTP off and a fast outbox poll, plus what tests do with it: publish events over JMS, wait for
 * emails or for everything to settle, take dead letters off the DLQ and count rows in Herald's database.
 */
public final class TestHerald implements AutoCloseable {

    /** The longest any test waits for Herald to get somewhere. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(TestHerald.class);

    private final HeraldRuntime runtime;

    private TestHerald(HeraldRuntime runtime) {
        this.runtime = runtime;
    }

    /** Settings for a test: everything embedded, nothing on a fixed port. */
    public static Map<String, String> settings(Path dataDir) {
        Map<String, String> s = new HashMap<>();
        s.put(HeraldConfig.DATA_DIR, dataDir.toString());
        s.put(HeraldConfig.BROKER_PORT, "0");
        s.put(HeraldConfig.SMTP_PORT, "0");
        s.put(HeraldConfig.HTTP_PORT, "-1");
        s.put(HeraldConfig.DISPATCH_PERIOD_MS, "50");
        return s;
    }

    public static TestHerald start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    /** Starts Herald on {@code dataDir}; {@code overrides} replace the test settings. */
    public static TestHerald start(Path dataDir, Map<String, String> overrides) throws Exception {
        Map<String, String> s = settings(dataDir);
        s.putAll(overrides);
        return new TestHerald(HeraldRuntime.start(HeraldConfig.of(s)));
    }

    public HeraldRuntime runtime() {
        return runtime;
    }

    /** Publishes an event as a producer should: persistent, grouped by its customer id. */
    public void send(String queue, ObjectNode event) {
        send(queue, event.path("customerId").asText(null), event.toString());
    }

    /** Publishes a raw body; {@code groupId} null means no message group. */
    public void send(String queue, String groupId, String body) {
        try (JMSContext context = runtime.connectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            TextMessage message = context.createTextMessage(body);
            if (groupId != null) {
                message.setStringProperty(Headers.JMS_GROUP_ID, groupId);
            }
            context.createProducer().send(context.createQueue(queue), message);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot publish to " + queue, e);
        }
    }

    /**
     * Publishes several events in ONE producer transaction, each grouped by its customer id ({@code [customerId,
     * body]} pairs), so they are all waiting at once when a consumer looks.
     */
    public void sendInOneTransaction(String queue, List<String[]> customerAndBody) {
        try (JMSContext context = runtime.connectionFactory().createContext(JMSContext.SESSION_TRANSACTED)) {
            jakarta.jms.JMSProducer producer = context.createProducer();
            jakarta.jms.Queue destination = context.createQueue(queue);
            for (String[] event : customerAndBody) {
                TextMessage message = context.createTextMessage(event[1]);
                dev.herald.routes.EventGroups.setGroup(message, event[0]);
                producer.send(destination, message);
            }
            context.commit();
        } catch (JMSException e) {
            throw new IllegalStateException("cannot publish to " + queue, e);
        }
    }

    /** Everything the embedded SMTP server has received so far. */
    public List<MimeMessage> mails() {
        return runtime.mailServer().receivedMessages();
    }

    /** Waits until at least {@code count} emails have arrived; returns all received. */
    public List<MimeMessage> awaitMails(int count) {
        await("" + count + " email(s)").atMost(PATIENCE).until(() -> mails().size() >= count);
        return mails();
    }

    /**
     * Waits until both event queues are empty (every event consumed and acknowledged, so its database
     * transaction has committed) and no email is pending in the outbox (every decided email handed to SMTP).
     */
    public void awaitIdle() {
        awaitIdle(runtime);
    }

    static void awaitIdle(HeraldRuntime runtime) {
        EmbeddedBroker broker = runtime.broker();
        await("queues drained and outbox empty").atMost(PATIENCE).until(() ->
                broker.messageCount(RouteSettings.CRM_QUEUE) == 0
                        && broker.messageCount(RouteSettings.COMMERCE_QUEUE) == 0
                        && runtime.outboxCount(OutboxMessage.Status.PENDING) == 0);
    }

    /** What Herald parked on the dead-letter queue, with the headers it set. */
    public record DeadLetter(String body, String reason, String eventId, String sourceQueue) {
    }

    /** Waits for {@code count} messages on the dead-letter queue and consumes exactly that many. */
    public List<DeadLetter> takeDeadLetters(int count) {
        await(count + " dead letter(s)").atMost(PATIENCE)
                .until(() -> runtime.broker().messageCount(RouteSettings.DEAD_LETTER_QUEUE) >= count);
        List<DeadLetter> taken = new ArrayList<>();
        try (JMSContext context = runtime.connectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer consumer = context.createConsumer(context.createQueue(RouteSettings.DEAD_LETTER_QUEUE))) {
            for (int i = 0; i < count; i++) {
                Message m = consumer.receive(PATIENCE.toMillis());
                if (m == null) {
                    throw new AssertionError("dead letter " + (i + 1) + " of " + count + " could not be consumed");
                }
                taken.add(new DeadLetter(body(m), m.getStringProperty(Headers.DEAD_LETTER_REASON),
                        m.getStringProperty(Headers.EVENT_ID), m.getStringProperty(Headers.SOURCE_QUEUE)));
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read the dead-letter queue", e);
        }
        LOG.info("took {} dead letter(s): {}", taken.size(), taken.stream().map(DeadLetter::reason).toList());
        return taken;
    }

    private static String body(Message m) throws JMSException {
        if (m instanceof TextMessage text) {
            return text.getText();
        }
        byte[] bytes = m.getBody(byte[].class);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Runs a {@code select count(*) ...} on Herald's database. */
    public long count(String sql, Object... args) {
        return countBy(sql, args).values().stream().findFirst().orElse(0L);
    }

    /**
     * Runs a query returning a key and a count per row, e.g. {@code select customer_id, count(*) ... group by
     * customer_id}; a single-column query maps its count to the key "".
     */
    public Map<String, Long> countBy(String sql, Object... args) {
        return countBy(runtime.config(), sql, args);
    }

    static Map<String, Long> countBy(HeraldConfig config, String sql, Object... args) {
        Map<String, Long> result = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD));
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                boolean keyed = rs.getMetaData().getColumnCount() > 1;
                while (rs.next()) {
                    result.put(keyed ? rs.getString(1) : "", rs.getLong(keyed ? 2 : 1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
        return result;
    }

    /** Runs an insert, update or delete on Herald's database (test set-up of history Herald would have gathered). */
    public int update(String sql, Object... args) {
        HeraldConfig config = runtime.config();
        try (Connection c = DriverManager.getConnection(jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD));
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + sql, e);
        }
    }

    /** The URL Herald itself uses: the configured one, or its H2 file in the data directory (same settings). */
    static String jdbcUrl(HeraldConfig config) {
        String url = config.get(HeraldConfig.JDBC_URL);
        return url.isBlank()
                ? HeraldRuntime.embeddedDatabaseUrl(config.dataDir())
                : url;
    }

    @Override
    public void close() throws Exception {
        runtime.close();
    }
}
