package dev.herald.routes.batch;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each of {@code concurrentConsumers} threads (from Camel's ExecutorServiceManager) owns one connection, one
 * transacted session and one MessageConsumer. It waits for a message, adds the messages that are already
 * waiting (up to {@code batchSize}, see {@link BatchCollector}), hands them to the route as ONE exchange on its
 * own thread (body: {@code List<BatchJmsMessage>}; property {@link #TRANSACTION}), and then commits the session,
 * or rolls it back when the exchange failed or asked for it. The route commits its database transaction inside
 * the exchange, so the broker's acknowledgement always follows the database commit (ADR 0001, ADR 0032).
 * <p>
 * The component's {@link SessionCommitter} may send that commit without waiting for the broker's journal sync
 * (ADR 0045), so a slow sync does not hold up the events queued behind the batch. A full batch's commit still
 * waits (more messages are waiting: the consumer is behind, and waiting then costs less CPU per event). Commits
 * sent without waiting are confirmed by a waiting one when the queue falls idle (a receive that times out), and a
 * batch's commit waits when the last waiting one is older than the endpoint's {@code confirmInterval} (5 s by
 * default).
 * <p>
 * After a rollback the thread takes one message per transaction for {@link #CAUTIOUS_PERIOD}: the rolled-back
 * messages come back one by one, so a failing event is retried and finally parked on its own, and the events
 * that shared its batch are not rolled back with it again. A lost connection (broker restart) is reopened
 * every {@code reconnectDelay} until it works; what was in flight is redelivered.
 */
public class BatchJmsConsumer extends DefaultConsumer {

    /** Exchange property: the batch's {@link BatchTransaction}. */
    public static final String TRANSACTION = "HeraldBatchTransaction";
    /** After a rollback, how long a consumer thread takes one message per transaction. */
    static final Duration CAUTIOUS_PERIOD = Duration.ofSeconds(60);

    private static final String GROUP_ID = "JMSXGroupID";
    private static final Logger LOG = LoggerFactory.getLogger(BatchJmsConsumer.class);
    /** For {@link IngestBatchEvent#routeCpuTime}, read only while a recording wants the event. */
    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

    private volatile boolean running;
    private ExecutorService executor;

    public BatchJmsConsumer(BatchJmsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public BatchJmsEndpoint getEndpoint() {
        return (BatchJmsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        BatchJmsEndpoint endpoint = getEndpoint();
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "HeraldBatchJms[" + endpoint.queue() + "]", endpoint.concurrentConsumers());
        for (int i = 0; i < endpoint.concurrentConsumers(); i++) {
            executor.submit(new ConsumerLoop());
        }
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (executor != null) {
            // each thread finishes (and commits) the batch in hand, then notices within its receive timeout
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor,
                    getEndpoint().receiveTimeoutMillis() + TimeUnit.SECONDS.toMillis(30));
            executor = null;
        }
        super.doStop();
    }

    /** One consumer thread: connect, consume in batches, reconnect after a failure, until stopped. */
    private final class ConsumerLoop implements Runnable {

        private Connection connection;
        private Session session;
        private MessageConsumer consumer;
        private MessageProducer producer;
        private volatile boolean connectionBroken;
        private long cautiousUntil = System.nanoTime();
        private boolean reconnecting;
        /** Since when (System.nanoTime) commits were sent without their answer; only while {@link #unconfirmed}. */
        private long unconfirmedSince;
        private boolean unconfirmed;

        @Override
        public void run() {
            BatchJmsEndpoint endpoint = getEndpoint();
            while (running) {
                try {
                    open(endpoint);
                    if (reconnecting) {
                        LOG.info("consumer of {} connected again", endpoint.queue());
                        reconnecting = false;
                    }
                    consume(endpoint);
                } catch (Error e) {
                    // never lose the thread silently: the session closes below (its batch is redelivered), then retry
                    LOG.error("consumer of {} failed; starting again", endpoint.queue(), e);
                    reconnecting = true;
                } catch (JMSException | RuntimeException e) {
                    if (running && !reconnecting) {
                        LOG.warn("consumer of {} lost its connection ({}); reconnecting every {} ms",
                                endpoint.queue(), e.toString(), endpoint.reconnectDelayMillis());
                        reconnecting = true;
                    }
                } finally {
                    close();
                }
                if (running) {
                    pause(endpoint.reconnectDelayMillis());
                }
            }
        }

        private void open(BatchJmsEndpoint endpoint) throws JMSException {
            connectionBroken = false;
            unconfirmed = false;
            connection = endpoint.getComponent().connectionFactory().createConnection();
            connection.setExceptionListener(e -> connectionBroken = true);
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            consumer = session.createConsumer(session.createQueue(endpoint.queue()));
            connection.start();
        }

        private void consume(BatchJmsEndpoint endpoint) throws JMSException {
            while (running) {
                if (connectionBroken) {
                    throw new JMSException("connection to the broker failed");
                }
                Message first = consumer.receive(endpoint.receiveTimeoutMillis());
                if (first == null) {
                    if (unconfirmed) {
                        // the queue is idle: waiting for the broker now delays nobody
                        endpoint.getComponent().sessionCommitter().commitAndWait(session);
                        unconfirmed = false;
                    }
                    continue;
                }
                int limit = System.nanoTime() - cautiousUntil < 0 ? 1 : endpoint.batchSize();
                List<Message> received = BatchCollector.collect(consumer, first, limit);
                if (!process(received, received.size() == limit)) {
                    cautiousUntil = System.nanoTime() + CAUTIOUS_PERIOD.toNanos();
                }
            }
        }

        /**
         * Runs the batch through the route and commits or rolls back; true when committed. {@code full}: the batch
         * took as many messages as it may, so more are waiting.
         */
        private boolean process(List<Message> received, boolean full) throws JMSException {
            IngestBatchEvent event = new IngestBatchEvent();
            event.begin();
            long receivedAtMillis = System.currentTimeMillis();
            List<BatchJmsMessage> batch = new ArrayList<>(received.size());
            for (Message m : received) {
                batch.add(BatchJmsMessage.of(m));
            }
            Exchange exchange = createExchange(false);
            SessionTransaction transaction = new SessionTransaction();
            long routeStart = System.nanoTime();
            long routeCpuStart = event.isEnabled() ? THREAD_CPU.getCurrentThreadCpuTime() : 0;
            long commitStart = routeStart;
            try {
                exchange.getMessage().setBody(batch);
                exchange.setProperty(TRANSACTION, transaction);
                try {
                    getProcessor().process(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                }
                commitStart = System.nanoTime();
                if (event.isEnabled()) {
                    event.routeCpuTime = THREAD_CPU.getCurrentThreadCpuTime() - routeCpuStart;
                }
                if (exchange.getException() != null || transaction.rollbackOnly) {
                    if (exchange.getException() != null) {
                        getExceptionHandler().handleException("batch of " + batch.size() + " from "
                                + getEndpoint().queue() + " failed; rolled back", exchange, exchange.getException());
                    }
                    session.rollback(); // waits, and so also confirms the commits sent before it
                    unconfirmed = false;
                    return false;
                }
                event.commitConfirmed = commit(full);
                event.committed = true;
                return true;
            } finally {
                releaseExchange(exchange, false);
                if (event.shouldCommit()) {
                    recordStages(event, received, receivedAtMillis, routeStart, commitStart);
                }
            }
        }

        /**
         * Commits the batch; true if it waited for the broker. It waits after a full batch: the consumer is behind,
         * the messages waiting behind it wait for it either way, and a waiting commit costs less consumer CPU per
         * event than going on at once (ADR 0045). It also waits when unconfirmed commits have gone on too long.
         */
        private boolean commit(boolean full) throws JMSException {
            SessionCommitter committer = getEndpoint().getComponent().sessionCommitter();
            long now = System.nanoTime();
            if (full || unconfirmed && now - unconfirmedSince >= getEndpoint().confirmIntervalNanos()) {
                committer.commitAndWait(session);
                unconfirmed = false;
                return true;
            }
            if (committer.commit(session)) {
                unconfirmed = false;
                return true;
            }
            if (!unconfirmed) {
                unconfirmed = true;
                unconfirmedSince = now;
            }
            return false;
        }

        private void recordStages(IngestBatchEvent event, List<Message> received, long receivedAtMillis,
                                  long routeStart, long commitStart) {
            long now = System.nanoTime();
            long oldestSent = Long.MAX_VALUE;
            long newestSent = Long.MIN_VALUE;
            for (Message m : received) {
                try {
                    long sent = m.getJMSTimestamp();
                    if (sent > 0) {
                        oldestSent = Math.min(oldestSent, sent);
                        newestSent = Math.max(newestSent, sent);
                    }
                } catch (JMSException unreadable) {
                    // a message without a timestamp only leaves the ages out
                }
            }
            event.queue = getEndpoint().queue();
            event.size = received.size();
            event.oldestAge = oldestSent == Long.MAX_VALUE ? 0 : receivedAtMillis - oldestSent;
            event.newestAge = newestSent == Long.MIN_VALUE ? 0 : receivedAtMillis - newestSent;
            event.routeTime = commitStart - routeStart;
            event.jmsCommitTime = now - commitStart;
            event.commit();
        }

        private void close() {
            try {
                if (connection != null) {
                    connection.close(); // closes the session (rolling back what was not committed) and consumer
                }
            } catch (JMSException | RuntimeException e) {
                LOG.debug("closing a consumer connection: {}", e.toString());
            }
            connection = null;
            session = null;
            consumer = null;
            producer = null;
        }

        private void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }

        /** The batch's view of this thread's session. */
        private final class SessionTransaction implements BatchTransaction {

            private boolean rollbackOnly;

            @Override
            public void forward(BatchJmsMessage original, String queue, Map<String, String> extraProperties)
                    throws JMSException {
                if (producer == null) {
                    producer = session.createProducer(null);
                }
                Message copy = copyOf(original);
                for (Map.Entry<String, String> p : extraProperties.entrySet()) {
                    copy.setStringProperty(p.getKey(), p.getValue());
                }
                producer.send(session.createQueue(queue), copy);
            }

            @Override
            public void setRollbackOnly() {
                rollbackOnly = true;
            }

            private Message copyOf(BatchJmsMessage original) throws JMSException {
                Message source = original.jmsMessage();
                Message copy;
                if (source instanceof TextMessage text) {
                    copy = session.createTextMessage(text.getText());
                } else if (source instanceof BytesMessage && original.body() != null) {
                    BytesMessage bytes = session.createBytesMessage();
                    bytes.writeBytes(original.body());
                    copy = bytes;
                } else {
                    copy = session.createMessage();
                }
                String group = source.getStringProperty(GROUP_ID);
                if (group != null) {
                    copy.setStringProperty(GROUP_ID, group);
                }
                for (Enumeration<?> names = source.getPropertyNames(); names.hasMoreElements(); ) {
                    String name = (String) names.nextElement();
                    if (name.equals(BatchJmsMessage.DELIVERY_COUNT) || name.startsWith("_AMQ")) {
                        continue; // the broker's own bookkeeping, not the producer's
                    }
                    try {
                        copy.setObjectProperty(name, source.getObjectProperty(name));
                    } catch (JMSException | RuntimeException notSettable) {
                        LOG.debug("property {} not copied: {}", name, notSettable.toString());
                    }
                }
                return copy;
            }
        }
    }
}
