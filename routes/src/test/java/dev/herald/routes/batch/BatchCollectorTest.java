package dev.herald.routes.batch;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a batch is gathered from a real broker: what is waiting, up to the limit, never waiting for more. */
class BatchCollectorTest {

    static final String QUEUE = "batch.collector";

    TestBroker broker;
    TestBroker.TransactedConsumer jms;
    Session session;
    MessageConsumer consumer;

    @BeforeEach
    void connect() throws Exception {
        broker = new TestBroker(QUEUE);
        jms = broker.transactedConsumer(QUEUE);
        session = jms.session();
        consumer = jms.consumer();
    }

    @AfterEach
    void close() throws Exception {
        jms.close();
        broker.close();
    }

    @Test
    void takesTheWaitingMessagesInOrderUpToTheLimit() throws Exception {
        broker.send(QUEUE, "m1", "m2", "m3", "m4", "m5", "m6", "m7");

        List<Message> first = BatchCollector.collect(consumer, consumer.receive(5000), 5);
        List<Message> rest = BatchCollector.collect(consumer, consumer.receive(5000), 5);
        session.commit();

        assertThat(first).extracting(TestBroker::text).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(rest).extracting(TestBroker::text).containsExactly("m6", "m7");
    }

    @Test
    void takesAllThatIsWaitingWhenBelowTheLimit() throws Exception {
        broker.send(QUEUE, "m1", "m2", "m3");

        List<Message> batch = BatchCollector.collect(consumer, consumer.receive(5000), 100);
        session.commit();

        assertThat(batch).extracting(TestBroker::text).containsExactly("m1", "m2", "m3");
    }

    @Test
    void neverWaitsToFillABatch() throws Exception {
        broker.send(QUEUE, "alone");

        List<Message> batch = BatchCollector.collect(consumer, consumer.receive(5000), 100);
        session.commit();
        broker.send(QUEUE, "later");

        assertThat(batch).as("the one waiting message, not held back for more").extracting(TestBroker::text)
                .containsExactly("alone");
        assertThat(TestBroker.text(consumer.receive(5000))).isEqualTo("later");
        session.commit();
    }

    @Test
    void aLimitOfOneTakesOneMessage() throws Exception {
        broker.send(QUEUE, "m1", "m2");

        List<Message> batch = BatchCollector.collect(consumer, consumer.receive(5000), 1);
        session.commit();

        assertThat(batch).extracting(TestBroker::text).containsExactly("m1");
    }
}
