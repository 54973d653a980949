package dev.herald.routes.batch;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;

import java.util.ArrayList;
import java.util.List;

/**
 * How a batch is gathered: the first message is waited for (by the caller), the rest are only those that are
 * available right now ({@link MessageConsumer#receiveNoWait()}), up to the limit. A batch never waits to fill,
 * so at low load every message travels alone and as fast as before.
 */
public final class BatchCollector {

    private BatchCollector() {
    }

    /** {@code first} and up to {@code max - 1} messages that are waiting, in the order the broker gave them. */
    public static List<Message> collect(MessageConsumer consumer, Message first, int max) throws JMSException {
        List<Message> batch = new ArrayList<>(Math.min(max, 64));
        batch.add(first);
        while (batch.size() < max) {
            Message next = consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }
}
