package dev.herald.routes.batch;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.Endpoint;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;
import java.util.Objects;

/**
 * {@code herald-jms-batch:QUEUE?batchSize=100&concurrentConsumers=4}: consumes a JMS queue several messages per
 * local transaction (ADR 0032). Without a ConnectionFactory of its own it uses the one of the context's
 * {@code jms} component, which the host (standalone runtime or the EAR) has registered.
 */
public class BatchJmsComponent extends DefaultComponent {

    public static final String SCHEME = "herald-jms-batch";

    private ConnectionFactory connectionFactory;
    private SessionCommitter sessionCommitter = SessionCommitter.WAITING;

    public BatchJmsComponent() {
    }

    public BatchJmsComponent(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String queue = remaining.startsWith("queue:") ? remaining.substring("queue:".length()) : remaining;
        if (queue.isBlank()) {
            throw new IllegalArgumentException("a queue name is needed: " + uri);
        }
        int batchSize = getAndRemoveParameter(parameters, "batchSize", Integer.class, 100);
        int consumers = getAndRemoveParameter(parameters, "concurrentConsumers", Integer.class, 1);
        long receiveTimeout = getAndRemoveParameter(parameters, "receiveTimeout", Long.class, 1000L);
        long reconnectDelay = getAndRemoveParameter(parameters, "reconnectDelay", Long.class, 1000L);
        long confirmInterval = getAndRemoveParameter(parameters, "confirmInterval", Long.class, 5000L);
        if (batchSize < 1 || consumers < 1 || receiveTimeout < 1 || reconnectDelay < 0 || confirmInterval < 0) {
            throw new IllegalArgumentException("batchSize, concurrentConsumers and receiveTimeout must be positive,"
                    + " reconnectDelay and confirmInterval not negative: " + uri);
        }
        return new BatchJmsEndpoint(uri, this, queue, batchSize, consumers, receiveTimeout, reconnectDelay,
                confirmInterval);
    }

    /** How the consumers commit each batch (default: the JMS commit, which waits for the broker; ADR 0045). */
    public void setSessionCommitter(SessionCommitter sessionCommitter) {
        this.sessionCommitter = Objects.requireNonNull(sessionCommitter);
    }

    SessionCommitter sessionCommitter() {
        return sessionCommitter;
    }

    ConnectionFactory connectionFactory() {
        if (connectionFactory != null) {
            return connectionFactory;
        }
        JmsComponent jms = getCamelContext().getComponent("jms", JmsComponent.class);
        if (jms == null || jms.getConfiguration().getConnectionFactory() == null) {
            throw new IllegalStateException(SCHEME + " needs a ConnectionFactory: set one, or register the jms"
                    + " component with one");
        }
        return jms.getConfiguration().getConnectionFactory();
    }
}
