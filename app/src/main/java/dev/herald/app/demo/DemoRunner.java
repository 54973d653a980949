package dev.herald.app.demo;

import dev.herald.app.EmbeddedBroker;
import dev.herald.app.HeraldRuntime;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.routes.RouteSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The demo's script: publish the scenario to a running Herald, wait until every event has been consumed and
 * every decided email has left the outbox, write the emails out as .eml files and report.
 */
public final class DemoRunner {

    /** What the demo saw, counted from the broker, the database and the SMTP server, not from the script. */
    public record Report(long events, long decided, long emails, long deadLettered, long duplicates, long failed,
                         long expectedEmails, long malformed, Duration elapsed, Path mailDir, List<Path> emlFiles) {

        public String summaryLine() {
            return String.format(Locale.ROOT,
                    "summary events=%d decided=%d emails=%d dead_lettered=%d duplicates=%d failed=%d seconds=%.1f",
                    events, decided, emails, deadLettered, duplicates, failed, elapsed.toMillis() / 1000.0);
        }
    }

    private final HeraldRuntime runtime;
    private final PrintStream out;

    public DemoRunner(HeraldRuntime runtime, PrintStream out) {
        this.runtime = runtime;
        this.out = out;
    }

    public Report run(DemoScenario scenario, Duration timeout) throws Exception {
        EmbeddedBroker broker = runtime.broker();
        if (broker == null || runtime.mailServer() == null) {
            throw new IllegalStateException("the demo needs the embedded broker and SMTP server");
        }
        Instant started = Instant.now();
        long dlqBefore = broker.messageCount(RouteSettings.DEAD_LETTER_QUEUE);
        long decidedBefore = decided();
        long failedBefore = runtime.outboxCount(OutboxMessage.Status.FAILED);
        int mailsBefore = runtime.mailServer().receivedMessages().size();

        List<DemoScenario.DemoEvent> events = scenario.events();
        out.printf("Publishing %d events (%d valid, %d repeated, %d malformed) to %s and %s%n", events.size(),
                scenario.count(DemoScenario.Kind.VALID), scenario.count(DemoScenario.Kind.DUPLICATE),
                scenario.count(DemoScenario.Kind.MALFORMED), RouteSettings.CRM_QUEUE, RouteSettings.COMMERCE_QUEUE);
        new JmsEventPublisher(runtime.connectionFactory()).publish(events);

        Progress progress = new Progress(out, events.size());
        Instant deadline = started.plus(timeout);
        while (true) {
            long queued = broker.messageCount(RouteSettings.CRM_QUEUE) + broker.messageCount(RouteSettings.COMMERCE_QUEUE);
            long pending = runtime.outboxCount(OutboxMessage.Status.PENDING);
            long sent = runtime.mailServer().receivedMessages().size() - mailsBefore;
            progress.show(events.size() - queued, sent, pending);
            if (queued == 0 && pending == 0) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                progress.done();
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s with " + queued
                        + " event(s) still queued and " + pending + " email(s) still pending");
            }
            Thread.sleep(100);
        }
        progress.done();

        Path mailDir = runtime.config().dataDir().resolve("mail");
        List<Path> files = runtime.mailServer().writeEmlFiles(mailDir);
        long emails = runtime.mailServer().receivedMessages().size() - mailsBefore;
        long deadLettered = broker.messageCount(RouteSettings.DEAD_LETTER_QUEUE) - dlqBefore;
        return new Report(events.size(), decided() - decidedBefore, emails, deadLettered,
                scenario.count(DemoScenario.Kind.DUPLICATE), runtime.outboxCount(OutboxMessage.Status.FAILED) - failedBefore,
                scenario.expectedEmails(), scenario.count(DemoScenario.Kind.MALFORMED),
                Duration.between(started, Instant.now()), mailDir, files);
    }

    private long decided() {
        long total = 0;
        for (OutboxMessage.Status s : OutboxMessage.Status.values()) {
            total += runtime.outboxCount(s);
        }
        return total;
    }

    /** A one-line progress bar, redrawn in place on a terminal and printed sparingly otherwise. */
    private static final class Progress {
        private static final int WIDTH = 30;
        private final PrintStream out;
        private final long total;
        private final boolean terminal = System.console() != null;
        private String last = "";
        private long lastPrinted;

        Progress(PrintStream out, long total) {
            this.out = out;
            this.total = total;
        }

        void show(long consumed, long sent, long pending) {
            int filled = (int) (WIDTH * Math.min(consumed, total) / Math.max(1, total));
            String line = String.format("[%s%s] %d/%d events consumed, %d emails sent, %d pending",
                    "#".repeat(filled), ".".repeat(WIDTH - filled), consumed, total, sent, pending);
            long now = System.currentTimeMillis();
            if (terminal) {
                out.print("\r" + line);
                out.flush();
            } else if (!line.equals(last) && now - lastPrinted >= 1000) {
                out.println(line);
                lastPrinted = now;
            }
            last = line;
        }

        void done() {
            if (terminal) {
                out.println();
            } else {
                out.println(last);
            }
        }
    }
}
