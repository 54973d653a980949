package dev.herald.app.fault;

import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald;
import dev.herald.app.demo.JmsEventPublisher;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker stops and starts again (same journal) while Herald is consuming: consumers lose their connection
 * and reconnect by themselves, events queued or in flight at the restart are processed after it, events
 * published after it too; none is lost, none is processed or emailed twice.
 */
class BrokerRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);
    static final int BEFORE_RESTART = 1500; // batched ingest is fast: enough that some are still queued at the restart
    static final int AFTER_RESTART = 100;

    @TempDir
    Path dataDir;

    @Test
    void eventsQueuedInFlightAndAfterABrokerRestartAreAllProcessedAndEmailedOnce() throws Exception {
        List<Customer> early = FaultRun.customers("C-BROKER", 0, BEFORE_RESTART);
        List<Customer> late = FaultRun.customers("C-BROKER", BEFORE_RESTART, AFTER_RESTART);
        try (TestHerald herald = TestHerald.start(dataDir)) {
            new JmsEventPublisher(herald.runtime().connectionFactory()).publish(FaultRun.signups(early));
            await("processing under way").atMost(TestHerald.PATIENCE)
                    .until(() -> herald.count("select count(*) from processed_event") >= 20);

            herald.runtime().broker().restart();
            long processedAtRestart = herald.count("select count(*) from processed_event");
            long queuedAtRestart = herald.runtime().broker().messageCount(RouteSettings.CRM_QUEUE);
            LOG.info("broker restarted with {} event(s) processed and {} still queued", processedAtRestart,
                    queuedAtRestart);
            assertThat(queuedAtRestart).as("events left for after the restart").isPositive();

            new JmsEventPublisher(herald.runtime().connectionFactory()).publish(FaultRun.signups(late));
            herald.awaitIdle();
            await("every email").atMost(TestHerald.PATIENCE)
                    .until(() -> herald.mails().size() >= BEFORE_RESTART + AFTER_RESTART);

            List<String> expected = new ArrayList<>(FaultRun.emails(early));
            expected.addAll(FaultRun.emails(late));
            assertThat(herald.count("select count(*) from processed_event")).isEqualTo(BEFORE_RESTART + AFTER_RESTART);
            assertThat(herald.count("select count(*) from outbox_message where status = 'SENT'"))
                    .isEqualTo(BEFORE_RESTART + AFTER_RESTART);
            assertThat(herald.count("select count(*) from outbox_message")).isEqualTo(BEFORE_RESTART + AFTER_RESTART);
            assertThat(herald.runtime().broker().messageCount(RouteSettings.DEAD_LETTER_QUEUE)).isZero();
            assertThat(FaultRun.perRecipient(herald.mails())).containsOnlyKeys(expected)
                    .allSatisfy((recipient, emails) -> assertThat(emails).as(recipient).isEqualTo(1));
            assertThat(herald.mails()).hasSize(BEFORE_RESTART + AFTER_RESTART);
        }
    }
}
