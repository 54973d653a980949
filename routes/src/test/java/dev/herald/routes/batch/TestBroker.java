package dev.herald.routes.batch;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real Artemis broker in this JVM (in-VM acceptor, no journal) with the queues a test names. */
final class TestBroker implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger(100);

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final ActiveMQConnectionFactory connectionFactory;

    TestBroker(String... queues) throws Exception {
        int id = IDS.incrementAndGet();
        Configuration config = new ConfigurationImpl().setName("batch-test-" + id).setPersistenceEnabled(false)
                .setSecurityEnabled(false).setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", "vm://" + id);
        for (String q : queues) {
            config.addQueueConfiguration(QueueConfiguration.of(q).setRoutingType(RoutingType.ANYCAST));
        }
        server.setConfiguration(config);
        server.start();
        connectionFactory = new ActiveMQConnectionFactory("vm://" + id);
    }

    ActiveMQConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /**
     * A started connection with one transacted session consuming {@code queue}, as each consumer thread of the
     * batch component holds one.
     */
    TransactedConsumer transactedConsumer(String queue) throws jakarta.jms.JMSException {
        Connection connection = connectionFactory.createConnection();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        connection.start();
        return new TransactedConsumer(connection, session, consumer);
    }

    record TransactedConsumer(Connection connection, Session session, MessageConsumer consumer)
            implements AutoCloseable {
        @Override
        public void close() throws jakarta.jms.JMSException {
            connection.close();
        }
    }

    /** Sends text messages to a queue in one committed transaction. */
    void send(String queue, String... bodies) {
        try (JMSContext context = connectionFactory.createContext(JMSContext.SESSION_TRANSACTED)) {
            for (String body : bodies) {
                context.createProducer().send(context.createQueue(queue), body);
            }
            context.commit();
        }
    }

    /** Consumes whatever a queue holds, waiting up to {@code waitMillis} for each next message. */
    List<Message> drain(String queue, long waitMillis) {
        List<Message> taken = new ArrayList<>();
        try (JMSContext context = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer consumer = context.createConsumer(context.createQueue(queue))) {
            for (Message m = consumer.receive(waitMillis); m != null; m = consumer.receive(waitMillis)) {
                taken.add(m);
            }
        }
        return taken;
    }

    static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        connectionFactory.close();
        server.stop();
    }
}
