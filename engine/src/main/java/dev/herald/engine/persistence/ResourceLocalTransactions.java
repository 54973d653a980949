package dev.herald.engine.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

import java.util.function.Function;

/** {@link Transactions} over a resource-local persistence unit: one EntityManager per unit of work. */
public final class ResourceLocalTransactions implements Transactions {

    private final EntityManagerFactory emf;

    public ResourceLocalTransactions(EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException | Error e) {
            if (tx.isActive()) {
                try {
                    tx.rollback();
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            throw e;
        } finally {
            em.close();
        }
    }
}
