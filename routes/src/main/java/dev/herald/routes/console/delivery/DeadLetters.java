package dev.herald.routes.console.delivery;

import dev.herald.routes.Headers;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The dead-letter queue as the console shows and replays it, through plain JMS so it works on the standalone
 * broker and in WildFly alike. Browsing uses a {@link QueueBrowser} (nothing is consumed). A replay takes one
 * message off the dead-letter queue and sends a copy to the event queue it came from in ONE local JMS
 * transaction: either both happen or neither, so a message is never lost nor doubled by a replay. The copy
 * carries the original body and properties (event id, message group) but not the old reason; an event that is
 * still invalid is dead-lettered again by the ingest route, with its reason.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** Set by Artemis on a message it moved to the dead-letter address itself (after its delivery attempts). */
    static final String BROKER_ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    /** Who replayed the message, on the copy. */
    public static final String REPLAYED_BY = "HeraldReplayedBy";
    /** How many times the message was replayed, on the copy. */
    public static final String REPLAY_COUNT = "HeraldReplayCount";
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[\\w:.-]{1,200}");
    private static final long RECEIVE_TIMEOUT_MS = 2_000;

    private final ConnectionFactory connectionFactory;
    private final String deadLetterQueue;
    private final Set<String> eventQueues;

    /**
     * @param eventQueues the queues a replay may send to (the ingest queues): a message naming any other
     *                    origin stays where it is
     */
    public DeadLetters(ConnectionFactory connectionFactory, String deadLetterQueue, Set<String> eventQueues) {
        this.connectionFactory = connectionFactory;
        this.deadLetterQueue = deadLetterQueue;
        this.eventQueues = Set.copyOf(eventQueues);
    }

    public String queueName() {
        return deadLetterQueue;
    }

    /**
     * One parked message: its JMS id, its JMS timestamp (when the ingest route parked it, or when its producer sent
     * it for one the broker moved), the event id, where it came from and why it is here.
     */
    public record DeadLetter(String messageId, Instant timestamp, String eventId, String sourceQueue, String reason,
                             String body, int replays) {

        /** Whether a replay knows where to send it. */
        public boolean replayable() {
            return sourceQueue != null;
        }
    }

    /**
     * The dead-lettered messages, oldest first, at most {@code max}; {@code total()} counts them up to
     * {@link #COUNT_LIMIT} ({@code capped()} when there are more: browsing reads every message, so it stops there).
     */
    public record Listing(List<DeadLetter> messages, int total, boolean capped) {
    }

    /** How many messages a browse counts at most. */
    public static final int COUNT_LIMIT = 10_000;

    public Listing browse(int max) throws JMSException {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue(deadLetterQueue))) {
                List<DeadLetter> out = new ArrayList<>();
                int total = 0;
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements()) {
                    if (total >= Math.max(max, COUNT_LIMIT)) {
                        return new Listing(out, total, true);
                    }
                    Message m = (Message) messages.nextElement();
                    total++;
                    if (out.size() < max) {
                        out.add(describe(m));
                    }
                }
                return new Listing(out, total, false);
            }
        }
    }

    /** Thrown when the message is not (or no longer) on the dead-letter queue, or has no known origin. */
    public static final class ReplayRefused extends Exception {
        public ReplayRefused(String message) {
            super(message);
        }
    }

    /** What a replay did. */
    public record Replayed(String messageId, String eventId, String queue) {
    }

    /**
     * Moves the message back to its event queue, in one JMS transaction.
     *
     * @throws ReplayRefused for an unknown message id or a message without a known origin (nothing changes)
     */
    public Replayed replay(String messageId, String actor) throws JMSException, ReplayRefused {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new ReplayRefused("not a JMS message id: " + messageId);
        }
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            connection.start();
            Queue dlq = session.createQueue(deadLetterQueue);
            try (MessageConsumer consumer = session.createConsumer(dlq, "JMSMessageID = '" + messageId + "'")) {
                Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
                if (m == null) {
                    session.rollback();
                    throw new ReplayRefused("message " + messageId + " is not on " + deadLetterQueue
                            + " (already replayed?)");
                }
                DeadLetter letter = describe(m);
                if (letter.sourceQueue() == null || !eventQueues.contains(letter.sourceQueue())) {
                    session.rollback();
                    throw new ReplayRefused("message " + messageId + " names no event queue to go back to ("
                            + letter.sourceQueue() + "); it stays on " + deadLetterQueue);
                }
                Message copy = copy(session, m);
                copy.setStringProperty(REPLAYED_BY, actor);
                copy.setIntProperty(REPLAY_COUNT, letter.replays() + 1);
                try (MessageProducer producer = session.createProducer(session.createQueue(letter.sourceQueue()))) {
                    producer.send(copy, DeliveryMode.PERSISTENT, m.getJMSPriority(), 0);
                }
                session.commit();
                LOG.info("{} replayed dead-lettered event {} (message {}) to {}", actor, letter.eventId(), messageId,
                        letter.sourceQueue());
                return new Replayed(messageId, letter.eventId(), letter.sourceQueue());
            } catch (JMSException | RuntimeException e) {
                session.rollback();
                throw e;
            }
        }
    }

    /** A new message with the body and the properties of {@code m}, minus the dead-letter reason and broker ones. */
    private static Message copy(Session session, Message m) throws JMSException {
        Message copy;
        if (m instanceof TextMessage text) {
            copy = session.createTextMessage(text.getText());
        } else if (m instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            BytesMessage b = session.createBytesMessage();
            b.writeBytes(body);
            copy = b;
        } else {
            throw new JMSException("cannot replay a " + m.getClass().getSimpleName() + "; events are text messages");
        }
        for (Object name : Collections.list(m.getPropertyNames())) {
            String property = (String) name;
            if (property.equals(Headers.DEAD_LETTER_REASON) || property.startsWith("_AMQ") || property.startsWith("JMSX")
                    || property.equals(REPLAYED_BY) || property.equals(REPLAY_COUNT)) {
                continue;
            }
            copy.setObjectProperty(property, m.getObjectProperty(property));
        }
        String group = m.getStringProperty(Headers.JMS_GROUP_ID);
        if (group != null) {
            copy.setStringProperty(Headers.JMS_GROUP_ID, group);
        }
        return copy;
    }

    private static DeadLetter describe(Message m) throws JMSException {
        String source = m.getStringProperty(Headers.SOURCE_QUEUE);
        String reason = m.getStringProperty(Headers.DEAD_LETTER_REASON);
        String brokerOrigin = m.getStringProperty(BROKER_ORIGINAL_ADDRESS);
        if (source == null) {
            source = brokerOrigin;
        }
        if (reason == null) {
            reason = brokerOrigin != null ? "moved here by the broker after its delivery attempts failed"
                    : "(no reason recorded)";
        }
        String body;
        if (m instanceof TextMessage text) {
            body = text.getText();
        } else if (m instanceof BytesMessage bytes) {
            byte[] b = new byte[(int) Math.min(bytes.getBodyLength(), 64 * 1024)];
            bytes.readBytes(b);
            body = new String(b, StandardCharsets.UTF_8);
        } else {
            body = "(" + m.getClass().getSimpleName() + ")";
        }
        int replays = m.propertyExists(REPLAY_COUNT) ? m.getIntProperty(REPLAY_COUNT) : 0;
        return new DeadLetter(m.getJMSMessageID(), m.getJMSTimestamp() == 0 ? null
                : Instant.ofEpochMilli(m.getJMSTimestamp()), m.getStringProperty(Headers.EVENT_ID), source, reason,
                body == null ? "" : body, replays);
    }
}
