package dev.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** An event id is processed once, however often and however concurrently producers deliver it. */
class DuplicateEventIT {

    @TempDir
    Path dataDir;
    TestHerald herald;

    @BeforeEach
    void start() throws Exception {
        herald = TestHerald.start(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        herald.close();
    }

    @Test
    void sameEventSentTwiceSendsOneEmailAndIsRecordedOnce() {
        Customer eve = TestEvents.customer("C-EVE", "Eve Adams");
        ObjectNode signup = TestEvents.signup(eve);

        herald.send(RouteSettings.CRM_QUEUE, signup);
        herald.send(RouteSettings.CRM_QUEUE, signup);
        herald.awaitMails(1);
        herald.awaitIdle();

        assertThat(herald.mails()).hasSize(1);
        assertThat(TestMail.only(herald.mails(), eve.email(), "welcome")).isNotNull();
        assertThat(herald.count("select count(*) from processed_event where event_id = ?",
                signup.get("eventId").asText())).isEqualTo(1);
        assertThat(herald.count("select count(*) from outbox_message")).isEqualTo(1);
    }

    /**
     * Two producers publish the same events at the same moment. They set no message group: a group would
     * pin both copies to one consumer, one after the other, and hide the race between the two consumers.
     */
    @Test
    void sameEventsFromTwoConcurrentProducersSendOneEmailEach() throws Exception {
        List<Customer> customers = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> TestEvents.customer("C-TWIN-" + i, "Twin " + i)).toList();
        List<String> signups = customers.stream().map(c -> TestEvents.signup(c).toString()).toList();

        CountDownLatch go = new CountDownLatch(1);
        Callable<Void> producer = () -> {
            try (JMSContext context = herald.runtime().connectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
                Queue queue = context.createQueue(RouteSettings.CRM_QUEUE);
                JMSProducer jms = context.createProducer();
                go.await();
                for (String body : signups) {
                    jms.send(queue, body);
                }
            }
            return null;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> sent = List.of(pool.submit(producer), pool.submit(producer));
            go.countDown();
            for (Future<Void> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        herald.awaitMails(customers.size());
        herald.awaitIdle();

        assertThat(herald.mails()).hasSize(customers.size());
        for (Customer c : customers) {
            TestMail.only(herald.mails(), c.email(), "welcome");
        }
        assertThat(herald.countBy("select customer_id, count(*) from processed_event group by customer_id"))
                .hasSize(customers.size())
                .allSatisfy((customer, processed) -> assertThat(processed).as(customer).isEqualTo(1));
        assertThat(herald.count("select count(*) from outbox_message where status = 'SENT'"))
                .isEqualTo(customers.size());
        // both copies were consumed: nothing left behind, nothing dead-lettered
        assertThat(herald.runtime().broker().messageCount(RouteSettings.DEAD_LETTER_QUEUE)).isZero();
    }
}
