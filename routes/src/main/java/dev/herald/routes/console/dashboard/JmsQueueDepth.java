package dev.herald.routes.console.dashboard;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueBrowser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Enumeration;
import java.util.function.LongSupplier;

/**
 * How many messages wait on a queue, by browsing it through plain JMS: works on any broker, including WildFly's
 * Artemis where the broker's own counters are not at hand. Browsing stops at {@link #cap()} (a dead-letter queue that
 * deep needs attention, not an exact figure); -1 when the broker cannot be asked.
 */
public final class JmsQueueDepth implements LongSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(JmsQueueDepth.class);
    public static final int DEFAULT_CAP = 10_000;

    private final ConnectionFactory connectionFactory;
    private final String queue;
    private final int cap;

    public JmsQueueDepth(ConnectionFactory connectionFactory, String queue) {
        this(connectionFactory, queue, DEFAULT_CAP);
    }

    public JmsQueueDepth(ConnectionFactory connectionFactory, String queue, int cap) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
        this.cap = cap;
    }

    public int cap() {
        return cap;
    }

    @Override
    public long getAsLong() {
        try (JMSContext context = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = context.createBrowser(context.createQueue(queue))) {
            Enumeration<?> messages = browser.getEnumeration();
            long count = 0;
            while (count < cap && messages.hasMoreElements()) {
                messages.nextElement();
                count++;
            }
            return count;
        } catch (JMSRuntimeException | jakarta.jms.JMSException e) {
            LOG.debug("cannot browse {}: {}", queue, e.toString());
            return -1;
        }
    }
}
