package dev.herald.app.fault;

import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.app.TestEvents;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald;
import dev.herald.app.TestHerald.DeadLetter;
import dev.herald.app.TestMail;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A valid event whose processing fails every time it is delivered (here: a real CHECK constraint in the
 * database refuses its customer) is retried by the broker up to {@value RouteSettings#MAX_DELIVERY_ATTEMPTS}
 * times and then parked on the dead-letter queue with the failure as its reason; it is neither dropped nor
 * retried forever, and the events around it are processed.
 */
class PoisonMessageIT {

    static final Customer POISON = TestEvents.customer("C-POISON", "Pia Son");
    static final Customer BEFORE = TestEvents.customer("C-BEFORE", "Ben Fore");
    static final Customer AFTER = TestEvents.customer("C-AFTER", "Al Ter");

    @TempDir
    Path dataDir;

    @Test
    void eventFailingOnEveryDeliveryIsDeadLetteredWithItsReasonAfterTheConfiguredAttempts() throws Exception {
        try (TestHerald herald = TestHerald.start(dataDir, Map.of(HeraldConfig.BROKER_REDELIVERY_DELAY_MS, "100"))) {
            // a real failure inside the event's transaction, not a mock: the database refuses this one customer
            String jdbcUrl = HeraldRuntime.embeddedDatabaseUrl(dataDir);
            try (Connection c = DriverManager.getConnection(jdbcUrl, "", ""); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE customer ADD CONSTRAINT fault_test_refuses_poison CHECK (id <> 'C-POISON')");
            }
            String poisonEventId = TestEvents.newId("signup-poison");
            String poisonBody = TestEvents.signup(poisonEventId, POISON).toString();

            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(BEFORE));
            herald.send(RouteSettings.CRM_QUEUE, POISON.id(), poisonBody);
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(AFTER));

            List<DeadLetter> deadLetters = herald.takeDeadLetters(1);
            herald.awaitIdle();

            DeadLetter poison = deadLetters.get(0);
            assertThat(poison.body()).as("dead letter keeps the original event").isEqualTo(poisonBody);
            assertThat(poison.eventId()).isEqualTo(poisonEventId);
            assertThat(poison.sourceQueue()).isEqualTo(RouteSettings.CRM_QUEUE);
            assertThat(poison.reason())
                    .startsWith("processing failed on all " + RouteSettings.MAX_DELIVERY_ATTEMPTS + " deliveries; last failure: ")
                    .containsIgnoringCase("FAULT_TEST_REFUSES_POISON");

            assertThat(herald.count("select count(*) from processed_event where customer_id = ?", POISON.id()))
                    .as("the poison event changed nothing").isZero();
            assertThat(herald.count("select count(*) from outbox_message where customer_id = ?", POISON.id())).isZero();
            assertThat(herald.runtime().broker().messageCount(RouteSettings.CRM_QUEUE))
                    .as("not retried forever").isZero();
            assertThat(herald.runtime().broker().messageCount(RouteSettings.DEAD_LETTER_QUEUE))
                    .as("dead-lettered once, not again by the broker").isZero();

            herald.awaitMails(2);
            TestMail.only(herald.mails(), BEFORE.email(), "welcome");
            TestMail.only(herald.mails(), AFTER.email(), "welcome");
            assertThat(herald.mails()).hasSize(2);
        }
    }
}
