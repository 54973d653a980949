package dev.herald.routes.batch;

import dev.herald.routes.RouteSettings;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest route parks an event itself only on the broker's last delivery, read from JMSXDeliveryCount of the
 * message as a real broker redelivers it.
 */
class LastDeliveryTest {

    private static final String QUEUE = "last-delivery";

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
    void earlierDeliveriesAreLeftToTheBrokerToRedeliverAndTheConfiguredAttemptIsTheLast() throws Exception {
        broker.send(QUEUE, "poison");
        for (int delivery = 1; delivery < RouteSettings.MAX_DELIVERY_ATTEMPTS; delivery++) {
            BatchJmsMessage message = BatchJmsMessage.of(consumer.receive(5000));
            assertThat(message.deliveryCount()).isEqualTo(delivery);
            assertThat(message.isLastDelivery(RouteSettings.MAX_DELIVERY_ATTEMPTS)).as("delivery " + delivery).isFalse();
            session.rollback();
        }
        BatchJmsMessage last = BatchJmsMessage.of(consumer.receive(5000));
        assertThat(last.deliveryCount()).isEqualTo(RouteSettings.MAX_DELIVERY_ATTEMPTS);
        assertThat(last.isLastDelivery(RouteSettings.MAX_DELIVERY_ATTEMPTS)).isTrue();
        assertThat(new BatchJmsMessage(null, RouteSettings.MAX_DELIVERY_ATTEMPTS + 1, null)
                .isLastDelivery(RouteSettings.MAX_DELIVERY_ATTEMPTS)).isTrue();
    }

    @Test
    void aMessageTheBrokerNeverDeliveredIsNotOnItsLastDelivery() throws Exception {
        Message local = session.createTextMessage("never delivered");
        BatchJmsMessage message = BatchJmsMessage.of(local);
        assertThat(message.isLastDelivery(RouteSettings.MAX_DELIVERY_ATTEMPTS)).isFalse();
    }
}
