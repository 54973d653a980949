package dev.herald.app;

import dev.herald.routes.batch.SessionCommitter;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;

/**
 * Commits an ingest batch's Artemis session without waiting for the broker's journal sync (ADR 0045): the core
 * session sends the commit, and the broker applies it in order with what the session does next. A slow sync then
 * holds up no event queued behind the batch. Sessions of other brokers are committed the JMS way, waiting.
 */
final class ArtemisCommitWithoutWaiting implements SessionCommitter {

    @Override
    public boolean commit(Session session) throws JMSException {
        if (!(session instanceof ActiveMQSession artemis)) {
            return WAITING.commit(session);
        }
        try {
            artemis.getCoreSession().commit(false);
            return false;
        } catch (ActiveMQException e) {
            JMSException failed = new JMSException("commit failed: " + e.getMessage(), e.getType().name());
            failed.setLinkedException(e);
            failed.initCause(e);
            throw failed;
        }
    }
}
