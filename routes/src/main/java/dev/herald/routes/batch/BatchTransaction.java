package dev.herald.routes.batch;

import jakarta.jms.JMSException;

import java.util.Map;

/**
 * The local JMS transaction of one batch, handed to the route on the exchange
 * ({@link BatchJmsConsumer#TRANSACTION}). What the route forwards through it commits together with the batch's
 * acknowledgement, or not at all: a dead letter is moved, never copied or lost.
 */
public interface BatchTransaction {

    /**
     * Sends a copy of {@code original} (body and properties, the broker's delivery count aside) with
     * {@code extraProperties} to {@code queue}, inside the batch's transaction.
     */
    void forward(BatchJmsMessage original, String queue, Map<String, String> extraProperties) throws JMSException;

    /** The batch is rolled back instead of committed: the broker delivers all of its messages again. */
    void setRollbackOnly();
}
