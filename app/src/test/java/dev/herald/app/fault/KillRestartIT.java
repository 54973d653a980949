package dev.herald.app.fault;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.demo.DemoScenario;
import dev.herald.app.demo.JmsEventPublisher;
import dev.herald.routes.RouteSettings;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Herald's JVM killed with SIGKILL (kill -9) at random moments of a 2,000-event run, then started again on the
 * same data directory (H2 file database, persistent broker journal), several times. Herald runs as a child
 * process ({@code herald run}); events reach it over JMS on TCP; its SMTP server is a GreenMail in this JVM, so
 * every email any incarnation sends is counted. At the end every event is processed and every email sent.
 * <p>
 * The one place a kill can make an email go out twice is between the SMTP server's acceptance and the commit
 * marking the outbox row sent: the lease then expires and the email is sent again. Such duplicates are counted
 * and logged; there may be at most one per kill and dispatch thread (each thread has at most one email between
 * acceptance and commit), each one's first copy must have arrived before a kill and the
 * second after it, and its outbox row must show the pattern: sent, leased more than once, no failed attempt.
 * The kill moments come from a seeded random generator ({@code -Dherald.fault.seed=N} to replay a run).
 */
@Tag("kill-fault")
class KillRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(KillRestartIT.class);
    static final int EVENTS = 2_000;
    static final int KILLS = 3;
    /**
     * Short, so a killed process's emails are taken again soon, but not too short: a send is trusted while more than
     * half the lease is left (ADR 0050), so a stall longer than half a lease between a send's lease check and its
     * {@code markSent} also duplicates an email, with no kill involved. At 3 s one run of the full suite on 2 cores
     * sent an email three times after a restart; production's default is 120 s.
     */
    static final long LEASE_MS = 10_000;
    static final long START_TIMEOUT_S = 120;
    static final long FINISH_TIMEOUT_S = 240;

    @TempDir
    Path dataDir;
    /** The child logs (and, after a failure, a report and a copy of the data directory) are kept here. */
    Path logDir;
    GreenMail smtp;
    Process herald;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (herald != null && herald.isAlive()) {
            herald.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void everyEventProcessedAndEveryEmailSentAcrossKills() throws Exception {
        long seed = Long.getLong("herald.fault.seed", System.nanoTime() % 100_000);
        Random random = new Random(seed);
        LOG.info("kill -9 run: {} events, {} kills, seed {} (-Dherald.fault.seed={} replays the kill moments)",
                EVENTS, KILLS, seed, seed);
        logDir = Path.of(System.getProperty("herald.fault.logs", "target/kill-restart"))
                .resolve("seed-" + seed + "-" + System.currentTimeMillis());
        Files.createDirectories(logDir);
        LOG.info("child logs in {}", logDir.toAbsolutePath());
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        int brokerPort = FaultRun.freePort();
        // Herald's own H2 URL, less DB_CLOSE_ON_EXIT=FALSE, which H2 refuses together with AUTO_SERVER
        String jdbcUrl = HeraldRuntime.embeddedDatabaseUrl(dataDir).replace(";DB_CLOSE_ON_EXIT=FALSE", "");

        List<Customer> customers = FaultRun.customers("C-KILL", 0, EVENTS);
        List<DemoScenario.DemoEvent> events = FaultRun.signups(customers);
        int slice = EVENTS / (KILLS + 1);
        List<Map<String, Long>> atKills = new ArrayList<>();
        for (int round = 0; round <= KILLS; round++) {
            herald = startHerald(round, brokerPort, jdbcUrl);
            List<DemoScenario.DemoEvent> mine = events.subList(round * slice,
                    round == KILLS ? EVENTS : (round + 1) * slice);
            publish(brokerPort, mine);
            if (round < KILLS) {
                long delay = 500 + random.nextInt(5_000);
                Thread.sleep(delay);
                herald.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of database or journal
                herald.waitFor(30, TimeUnit.SECONDS);
                Map<String, Long> received = FaultRun.perRecipient(List.of(smtp.getReceivedMessages()));
                atKills.add(received);
                LOG.info("kill {} of {}: {} ms after publishing {} events; {} emails received so far", round + 1,
                        KILLS, delay, mine.size(), received.values().stream().mapToLong(Long::longValue).sum());
            }
        }
        // the last incarnation finishes: every event processed, nothing left in the outbox
        String serverUrl = jdbcUrl + ";AUTO_SERVER=TRUE";
        long[] progress = new long[3];
        try {
            await("every event processed and every email sent").atMost(FINISH_TIMEOUT_S, TimeUnit.SECONDS)
                    .pollInterval(1, TimeUnit.SECONDS)
                    .conditionEvaluationListener(c -> LOG.info("finishing: {} events processed, {} outbox rows, {} sent,"
                            + " {} emails received", progress[0], progress[1], progress[2], smtp.getReceivedMessages().length))
                    .until(() -> {
                        progress[0] = query(serverUrl, "select count(*) from processed_event");
                        progress[1] = query(serverUrl, "select count(*) from outbox_message");
                        progress[2] = query(serverUrl, "select count(*) from outbox_message where status = 'SENT'");
                        return progress[0] == EVENTS && progress[2] == EVENTS;
                    });
        } catch (ConditionTimeoutException e) {
            postMortem(seed, serverUrl, brokerPort, events);
            throw e;
        }
        assertThat(browse(brokerPort, RouteSettings.DEAD_LETTER_QUEUE)).as("dead letters").isZero();
        assertThat(browse(brokerPort, RouteSettings.CRM_QUEUE)).as("events left on the queue").isZero();
        herald.destroy(); // SIGTERM: the last one stops cleanly
        assertThat(herald.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the embedded H2 never reuses file space (ADR 0025): each start after a kill compacts what the killed one wrote
        for (int round = 1; round <= KILLS; round++) {
            long[] sizes = compaction(logDir.resolve("herald-" + round + ".log"));
            LOG.info("restart {}: database file compacted from {} KiB to {} KiB", round, sizes[0], sizes[1]);
            assertThat(sizes[1]).as("database file compacted at restart %d", round).isLessThan(sizes[0]);
        }

        assertThat(query(jdbcUrl, "select count(*) from processed_event")).isEqualTo(EVENTS);
        assertThat(query(jdbcUrl, "select count(*) from outbox_message")).isEqualTo(EVENTS);
        assertThat(query(jdbcUrl, "select count(*) from outbox_message where status <> 'SENT'")).isZero();

        Map<String, Long> received = FaultRun.perRecipient(List.of(smtp.getReceivedMessages()));
        assertThat(received).as("every due email arrived").containsOnlyKeys(FaultRun.emails(customers));
        List<String> duplicated = received.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        long extraCopies = received.values().stream().mapToLong(n -> n - 1).sum();
        LOG.info("kill -9 run (seed {}): {} events, {} kills, {} emails received, {} duplicate(s): {}", seed, EVENTS,
                KILLS, smtp.getReceivedMessages().length, extraCopies, duplicated);
        for (String recipient : duplicated) {
            assertThat(received.get(recipient)).as(recipient).isEqualTo(2);
            assertThat(atKills).as("a kill after the first copy of %s and before the second", recipient)
                    .anySatisfy(snapshot -> assertThat(snapshot.getOrDefault(recipient, 0L)).isEqualTo(1));
            Map<String, Long> row = outboxRow(jdbcUrl, recipient);
            LOG.info("duplicate to {}: outbox row {}", recipient, row);
            assertThat(row).as("outbox row of the duplicate to %s", recipient)
                    .containsEntry("sent", 1L).containsEntry("attempts", 0L);
            assertThat(row.get("claims")).as("leased again after the kill").isGreaterThanOrEqualTo(2);
        }
        // after the checks of each duplicate, which tell a kill's window from any other cause (ADR 0050)
        int dispatchThreads = Integer.parseInt(HeraldConfig.SETTINGS.get(HeraldConfig.DISPATCH_THREADS)[0]);
        assertThat(extraCopies).as("duplicates (at most one per kill and dispatch thread)")
                .isLessThanOrEqualTo((long) KILLS * dispatchThreads);
    }

    /**
     * Writes what the failed run left (see {@link KillRunForensics}) to {@code report.txt} in the log directory,
     * then kills the child and keeps a copy of its data directory (H2 file, broker journal) next to the logs.
     */
    private void postMortem(long seed, String serverUrl, int brokerPort, List<DemoScenario.DemoEvent> events) {
        try {
            List<String> expected = events.stream().map(e -> "signup-" + e.customerId()).toList();
            List<String> missing = KillRunForensics.missingEvents(serverUrl, expected);
            String report = "kill -9 run, seed " + seed + "\n" + KillRunForensics.report(serverUrl, brokerPort, missing,
                    List.of(smtp.getReceivedMessages()), logDir);
            Files.writeString(logDir.resolve("report.txt"), report, StandardCharsets.UTF_8);
            LOG.error("post-mortem of the failed run ({}):\n{}", logDir.resolve("report.txt").toAbsolutePath(), report);
            herald.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            copyTree(dataDir, logDir.resolve("data"));
        } catch (Exception | AssertionError e) {
            LOG.error("post-mortem incomplete", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().endsWith(".log")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private Process startHerald(int round, int brokerPort, String jdbcUrl) throws IOException, InterruptedException {
        Path log = logDir.resolve("herald-" + round + ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-Xmx512m",
                // one line per applied event (id, customer), so a post-mortem can tell which incarnation applied what
                "-Dorg.slf4j.simpleLogger.log.dev.herald.engine.application.EventProcessingService=debug", "-cp", System.getProperty("java.class.path"), "dev.herald.app.cli.HeraldCli", "run",
                "--data-dir", dataDir.toString()));
        Map<String, String> settings = Map.of(
                HeraldConfig.BROKER_PORT, String.valueOf(brokerPort),
                HeraldConfig.SMTP_HOST, "127.0.0.1",
                HeraldConfig.SMTP_PORT, String.valueOf(smtp.getSmtp().getPort()),
                HeraldConfig.HTTP_PORT, "-1",
                HeraldConfig.DISPATCH_PERIOD_MS, "50",
                HeraldConfig.DISPATCH_LEASE_MS, String.valueOf(LEASE_MS),
                // AUTO_SERVER lets this test read the database while the child has it open; the child owns the file
                HeraldConfig.JDBC_URL, jdbcUrl + ";AUTO_SERVER=TRUE");
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));

        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("is running")) {
            if (!process.isAlive()) {
                throw new AssertionError("Herald (round " + round + ") exited with " + process.exitValue() + ":\n"
                        + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Herald (round " + round + ") did not start:\n" + tail(log));
            }
            Thread.sleep(100);
        }
        LOG.info("Herald round {} running as pid {}", round, process.pid());
        return process;
    }

    /** The file sizes (KiB) before and after the compaction a Herald logs when it starts. */
    private static long[] compaction(Path log) throws IOException {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "embedded database compacted in \\d+ ms: (\\d+) KiB -> (\\d+) KiB");
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            java.util.regex.Matcher m = line.matcher(l);
            if (m.find()) {
                return new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
            }
        }
        throw new AssertionError("no compaction logged in " + log);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void publish(int brokerPort, List<DemoScenario.DemoEvent> events) {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)) {
            JmsEventPublisher publisher = new JmsEventPublisher(cf);
            for (int from = 0; from < events.size(); from += 100) {
                publisher.publish(events.subList(from, Math.min(events.size(), from + 100)));
            }
        }
    }

    private static int browse(int brokerPort, String queue) throws Exception {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             JMSContext context = cf.createContext();
             QueueBrowser browser = context.createBrowser(context.createQueue(queue))) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }

    private static long query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "", "");
             PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Long> outboxRow(String url, String recipient) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "", "");
             PreparedStatement s = c.prepareStatement("select case when status = 'SENT' then 1 else 0 end,"
                     + " attempts, claims from outbox_message where recipient = ?")) {
            s.setString(1, recipient);
            try (ResultSet rs = s.executeQuery()) {
                Map<String, Long> row = new HashMap<>();
                if (rs.next()) {
                    row.put("sent", rs.getLong(1));
                    row.put("attempts", rs.getLong(2));
                    row.put("claims", rs.getLong(3));
                }
                return row;
            }
        }
    }
}
