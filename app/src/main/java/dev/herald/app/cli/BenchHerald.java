package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.routes.Headers;
import dev.herald.routes.RouteSettings;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * What the delivery and pipeline benchmarks share: an embedded Herald on a data directory (a fresh temporary
 * one by default) with the persistent embedded broker, H2 and GreenMail, synthetic events, a batching
 * producer, and waiting with progress output.
 */
final class BenchHerald {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_TIME = Instant.parse("2026-03-01T10:15:30Z").toString();

    /** One event to publish: queue, message group (customer id), event id and JSON body. */
    record Event(String queue, String customerId, String eventId, String json) {
    }

    private BenchHerald() {
    }

    /**
     * CPU time of this whole process (every thread: consumers, broker, database, producer), or -1 where the JVM
     * does not tell. On a shared machine the wall-clock rates depend on what else runs; CPU per unit does not.
     */
    static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /**
     * The directory given, kept; or a new temporary one that is deleted when the process exits (also after Ctrl-C).
     * A run leaves a broker journal and database of up to a few hundred MB; repeated runs once filled the disk to
     * Artemis's max-disk-usage, and the broker then blocked producers mid-benchmark.
     */
    static Path dataDir(Path given) throws IOException {
        if (given != null) {
            return given;
        }
        Path temporary = Files.createTempDirectory("herald-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(temporary), "herald-bench-cleanup"));
        return temporary;
    }

    /** Deletes a directory and everything in it; what cannot be deleted is reported, not thrown. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the benchmark's data directory " + root + ": " + e);
        }
    }

    /** Settings for a benchmark run: embedded everything on free ports, no HTTP; {@code extra} on top. */
    static HeraldConfig config(Path dataDir, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put(HeraldConfig.DATA_DIR, dataDir.toString());
        s.put(HeraldConfig.BROKER_PORT, "0");
        s.put(HeraldConfig.SMTP_PORT, "0");
        s.put(HeraldConfig.HTTP_PORT, "-1");
        s.putAll(extra);
        return HeraldConfig.load(null, System.getenv(), s);
    }

    /**
     * {@code customers} customers, each with a signup (CRM queue) and, when {@code withOrders}, an order
     * (commerce queue) right after it, so both queues are busy. Every signup decides a welcome email. Each event is
     * built when it is read, not held: the list lives in the JVM it measures, and tens of thousands of prepared events
     * surviving young collections made its GC pauses longer than Herald's own (ADR 0045).
     */
    static List<Event> events(String runId, int customers, boolean withOrders) {
        return new AbstractList<>() {
            @Override
            public int size() {
                return withOrders ? 2 * customers : customers;
            }

            @Override
            public Event get(int index) {
                Objects.checkIndex(index, size());
                return withOrders
                        ? (index % 2 == 0 ? signup(runId, index / 2) : order(runId, index / 2))
                        : signup(runId, index);
            }
        };
    }

    private static Event signup(String runId, int customer) {
        String id = "B" + runId + "-" + customer;
        ObjectNode signup = JSON.createObjectNode().put("eventId", "signup-" + id)
                .put("type", "customer_signed_up").put("customerId", id)
                .put("email", id.toLowerCase(Locale.ROOT) + "@bench.example").put("name", "Bench Customer " + customer)
                .put("timestamp", EVENT_TIME);
        return new Event(RouteSettings.CRM_QUEUE, id, "signup-" + id, signup.toString());
    }

    private static Event order(String runId, int customer) {
        String id = "B" + runId + "-" + customer;
        ObjectNode order = JSON.createObjectNode().put("eventId", "order-" + id)
                .put("type", "order_completed").put("customerId", id)
                .put("email", id.toLowerCase(Locale.ROOT) + "@bench.example")
                .put("name", "Bench Customer " + customer).put("timestamp", EVENT_TIME)
                .put("orderId", "O-" + id).put("currency", "GBP").put("total", 7.00);
        order.putArray("items").addObject().put("productId", "85123A")
                .put("name", "White Hanging Heart T-Light Holder").put("quantity", 2).put("price", 3.50);
        return new Event(RouteSettings.COMMERCE_QUEUE, id, "order-" + id, order.toString());
    }

    /** Publishes persistent, grouped messages, committing every {@code batch}; returns when all are committed. */
    static void publish(HeraldRuntime runtime, List<Event> events, int batch) {
        try (JMSContext context = runtime.connectionFactory().createContext(JMSContext.SESSION_TRANSACTED)) {
            JMSProducer producer = context.createProducer();
            Queue crm = context.createQueue(RouteSettings.CRM_QUEUE);
            Queue commerce = context.createQueue(RouteSettings.COMMERCE_QUEUE);
            int inBatch = 0;
            for (Event e : events) {
                TextMessage m = context.createTextMessage(e.json());
                m.setStringProperty(Headers.JMS_GROUP_ID, e.customerId());
                producer.send(e.queue().equals(RouteSettings.CRM_QUEUE) ? crm : commerce, m);
                if (++inBatch == batch) {
                    context.commit();
                    inBatch = 0;
                }
            }
            context.commit();
        } catch (JMSException e) {
            throw new IllegalStateException("cannot publish: " + e.getMessage(), e);
        }
    }

    /** {@code select count(*) ...} on the run's H2 database. */
    static long count(HeraldConfig config, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD));
             PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** Seconds between the first and last value of a timestamp column, e.g. sent_at. */
    static double spanSeconds(HeraldConfig config, String table, String column) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD));
             PreparedStatement s = c.prepareStatement("select min(" + column + "), max(" + column + ") from " + table
                     + " where " + column + " is not null");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            Instant first = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            Instant last = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
            return (last.toEpochMilli() - first.toEpochMilli()) / 1000.0;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + table, e);
        }
    }

    /**
     * Seconds from the {@code skip + 1}-th to the last value of a timestamp column in time order: the span of a
     * run without its first {@code skip} rows (a warm-up). With {@code skip} = 0, as {@link #spanSeconds}.
     */
    static double spanSecondsAfter(HeraldConfig config, String table, String column, long skip) {
        if (skip <= 0) {
            return spanSeconds(config, table, column);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD));
             PreparedStatement s = c.prepareStatement("select " + column + " from " + table + " where " + column
                     + " is not null order by " + column + " offset ? rows fetch first 1 row only");
             PreparedStatement max = c.prepareStatement("select max(" + column + ") from " + table)) {
            s.setLong(1, skip);
            Instant first;
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("fewer than " + (skip + 1) + " rows with " + column + " in " + table);
                }
                first = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
            try (ResultSet rs = max.executeQuery()) {
                rs.next();
                Instant last = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                return (last.toEpochMilli() - first.toEpochMilli()) / 1000.0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + table, e);
        }
    }

    static String jdbcUrl(HeraldConfig config) {
        String url = config.get(HeraldConfig.JDBC_URL);
        return url.isBlank()
                ? HeraldRuntime.embeddedDatabaseUrl(config.dataDir())
                : url;
    }

    /** Waits until {@code done} reaches {@code total}, printing progress to {@code out} every second. */
    static void await(String what, LongSupplier done, long total, long timeoutSeconds, PrintStream out)
            throws InterruptedException {
        long start = System.nanoTime();
        long lastPrint = start;
        long lastDone = 0;
        while (true) {
            long n = done.getAsLong();
            long now = System.nanoTime();
            if (n >= total) {
                out.printf(Locale.ROOT, "  %s: %,d / %,d%n", what, n, total);
                return;
            }
            if (now - lastPrint >= 1_000_000_000L) {
                out.printf(Locale.ROOT, "  %s: %,d / %,d (%,.0f/s)%n", what, n, total,
                        (n - lastDone) / ((now - lastPrint) / 1e9));
                lastPrint = now;
                lastDone = n;
            }
            if ((now - start) / 1_000_000_000L > timeoutSeconds) {
                throw new IllegalStateException(what + ": only " + n + " of " + total + " after " + timeoutSeconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
