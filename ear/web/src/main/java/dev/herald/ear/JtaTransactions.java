package dev.herald.ear;

import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.util.function.Function;

/**
 * The engine's {@link Transactions} port on the server's JTA transaction manager. Camel's consumer and timer
 * threads are not container-managed, so each unit of work begins its own JTA transaction on the calling
 * thread and joins an application-managed EntityManager of the container's JTA persistence unit to it.
 */
final class JtaTransactions implements Transactions {

    private final TransactionManager transactionManager;
    private final EntityManagerFactory emf;

    JtaTransactions(TransactionManager transactionManager, EntityManagerFactory emf) {
        this.transactionManager = transactionManager;
        this.emf = emf;
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        begin();
        EntityManager em = null;
        try {
            em = emf.createEntityManager();
            em.joinTransaction();
            T result = work.apply(em);
            transactionManager.commit();
            return result;
        } catch (RuntimeException | Error e) {
            rollbackQuietly(e);
            throw e;
        } catch (Exception e) {
            // commit failed: heuristic, rollback or system exception; the transaction is over either way
            rollbackQuietly(e);
            throw new IllegalStateException("JTA commit failed: " + e.getMessage(), e);
        } finally {
            if (em != null) {
                em.close();
            }
        }
    }

    private void begin() {
        try {
            if (transactionManager.getStatus() != Status.STATUS_NO_TRANSACTION) {
                throw new IllegalStateException("a transaction is already active on this thread");
            }
            transactionManager.begin();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot begin a JTA transaction: " + e.getMessage(), e);
        }
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            if (transactionManager.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transactionManager.rollback();
            }
        } catch (SystemException | RuntimeException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
