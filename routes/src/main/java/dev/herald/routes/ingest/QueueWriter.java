package dev.herald.routes.ingest;

import dev.herald.routes.Headers;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Puts accepted events on their queues with group commit: one writer thread takes every request waiting, sends
 * their messages (persistent, message group = customer id) in one transacted JMS session and commits once, then
 * completes the requests. A request's events are in one transaction, so a batch lands whole or not at all; the
 * HTTP answer waits for the commit, so a 200 means the events are on the broker's disk. Committing many requests
 * at once is what makes thousands of events per second possible where one commit per message manages hundreds.
 */
public final class QueueWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWriter.class);
    /** Most messages committed together. */
    static final int MAX_MESSAGES_PER_COMMIT = 1000;

    private final ConnectionFactory connectionFactory;
    private final Map<Channel, String> queues;
    private final BlockingQueue<Request> pending;
    /** The queues of the writer thread's current session. */
    private final Map<Channel, Queue> destinations = new java.util.EnumMap<>(Channel.class);
    private final Thread thread;
    private volatile boolean running = true;

    private record Request(List<InternalEvent> events, CompletableFuture<Void> done) {
    }

    /**
     * @param capacity requests that may wait for the writer; beyond it {@link #write} fails at once (the caller
     *                 answers 503 and the sender retries)
     */
    public QueueWriter(ConnectionFactory connectionFactory, Map<Channel, String> queues, int capacity) {
        this.connectionFactory = connectionFactory;
        this.queues = Map.copyOf(queues);
        this.pending = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "herald-ingest-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Enqueues {@code events} in one transaction; the future completes once they are committed. */
    public CompletableFuture<Void> write(List<InternalEvent> events) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (events.isEmpty()) {
            done.complete(null);
            return done;
        }
        if (!running) {
            done.completeExceptionally(new IllegalStateException("Herald is shutting down"));
        } else if (!pending.offer(new Request(events, done))) {
            done.completeExceptionally(new IllegalStateException("too many requests waiting; retry later"));
        }
        return done;
    }

    private void run() {
        JMSContext context = null;
        JMSProducer producer = null;
        List<Request> taken = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            try {
                Request first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                int messages = first.events().size();
                Request next;
                while (messages < MAX_MESSAGES_PER_COMMIT && (next = pending.peek()) != null
                        && messages + next.events().size() <= MAX_MESSAGES_PER_COMMIT) {
                    taken.add(pending.poll());
                    messages += next.events().size();
                }
                if (context == null) {
                    context = connectionFactory.createContext(JMSContext.SESSION_TRANSACTED);
                    // creating a Queue asks the broker whether it exists: once per session, not per commit
                    destinations.clear();
                    for (Map.Entry<Channel, String> q : queues.entrySet()) {
                        destinations.put(q.getKey(), context.createQueue(q.getValue()));
                    }
                    producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
                }
                send(context, producer, taken);
                context.commit();
                taken.forEach(r -> r.done().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(taken, e);
                break;
            } catch (RuntimeException e) {
                LOG.warn("could not enqueue {} request(s): {}", taken.size(), e.toString());
                fail(taken, e);
                if (context != null) {
                    try {
                        context.close();
                    } catch (RuntimeException closing) {
                        LOG.debug("closing the JMS context failed", closing);
                    }
                    context = null;
                }
            } finally {
                taken.clear();
            }
        }
        if (context != null) {
            context.close();
        }
        Request left;
        while ((left = pending.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("Herald is shutting down"));
        }
    }

    private void send(JMSContext context, JMSProducer producer, List<Request> requests) {
        for (Request r : requests) {
            for (InternalEvent e : r.events()) {
                Queue queue = destinations.get(e.channel());
                TextMessage message = context.createTextMessage(e.json());
                try {
                    message.setStringProperty(Headers.JMS_GROUP_ID, e.customerId());
                } catch (jakarta.jms.JMSException ex) {
                    throw new IllegalStateException("cannot set the message group", ex);
                }
                producer.send(queue, message);
            }
        }
    }

    private static void fail(List<Request> requests, Exception cause) {
        requests.forEach(r -> r.done().completeExceptionally(cause));
    }

    /** Stops taking requests, commits what is waiting, and stops the writer thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
