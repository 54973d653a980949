package dev.herald.app.demo;

import dev.herald.routes.EventGroups;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.TextMessage;

import java.util.List;

/**
 * Publishes events the way a well-behaved producer does: persistent messages, grouped by customer id so the
 * broker keeps one customer's events in order, committed in one transaction per batch.
 */
public final class JmsEventPublisher {

    private final ConnectionFactory connectionFactory;

    public JmsEventPublisher(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public void publish(List<DemoScenario.DemoEvent> events) {
        try (JMSContext context = connectionFactory.createContext(JMSContext.SESSION_TRANSACTED)) {
            JMSProducer producer = context.createProducer();
            for (DemoScenario.DemoEvent event : events) {
                TextMessage message = context.createTextMessage(event.json());
                EventGroups.setGroup(message, event.customerId());
                producer.send(context.createQueue(event.queue()), message);
            }
            context.commit();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException("cannot publish demo events: " + e.getMessage(), e);
        }
    }
}
