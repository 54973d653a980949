package dev.herald.app.cli;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;

/**
 * Reads queue counters of a running broker through Artemis management messages, so a benchmark in another
 * process can count what reached a queue and what was consumed, without trusting its own bookkeeping.
 */
final class BrokerStats implements AutoCloseable {

    private final ActiveMQConnectionFactory factory;
    private final QueueConnection connection;
    private final QueueSession session;
    private final QueueRequestor requestor;

    BrokerStats(String url, String user, String password) throws Exception {
        factory = new ActiveMQConnectionFactory(url);
        connection = user == null || user.isBlank() ? factory.createQueueConnection()
                : factory.createQueueConnection(user, password);
        session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue management = ActiveMQJMSClient.createQueue("activemq.management");
        requestor = new QueueRequestor(session, management);
        connection.start();
    }

    /** An attribute of a queue, e.g. {@code messagesAdded}, {@code messageCount}, {@code messagesAcknowledged}. */
    long attribute(String queue, String attribute) throws Exception {
        Message request = session.createMessage();
        JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, attribute);
        Message reply = requestor.request(request);
        Object result = JMSManagementHelper.getResult(reply);
        if (!(result instanceof Number n)) {
            throw new IllegalStateException("broker answered " + result + " for " + attribute + " of " + queue);
        }
        return n.longValue();
    }

    @Override
    public void close() throws Exception {
        try {
            requestor.close();
            connection.close();
        } finally {
            factory.close();
        }
    }
}
