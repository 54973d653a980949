package dev.herald.routes.batch;

import jakarta.jms.JMSException;
import jakarta.jms.Session;

/**
 * How a batch consumer commits its session's transaction (ADR 0045). The plain JMS commit waits until the broker
 * has made the batch's acknowledgements durable, one journal sync; a broker-specific committer may instead send the
 * commit and return, since the database commit that came first holds each event's idempotency record, so a batch
 * whose acknowledgement is lost is delivered again and skipped, not processed twice.
 */
@FunctionalInterface
public interface SessionCommitter {

    /** The JMS commit: returns once the broker has answered. */
    SessionCommitter WAITING = session -> {
        session.commit();
        return true;
    };

    /**
     * Commits the transaction of {@code session}, which is transacted.
     *
     * @return true when the broker's answer came back (the commit is durable), false when the commit was only sent:
     * the broker applies it in order with what the session does next, and a failure shows at the session's next
     * waiting call or as a broken connection
     */
    boolean commit(Session session) throws JMSException;

    /**
     * Commits the transaction of {@code session} and waits for the broker's answer, which comes after the answers
     * to every commit sent before it: so an empty transaction's commit confirms the earlier ones.
     */
    default void commitAndWait(Session session) throws JMSException {
        session.commit();
    }
}
