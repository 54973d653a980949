package dev.herald.engine.persistence;

import jakarta.persistence.EntityManager;

import java.util.function.Function;

/**
 * Port for "run this unit of work in one database transaction". Standalone Herald uses
 * {@link ResourceLocalTransactions}; inside an application server a JTA-backed implementation is given
 * instead, so application services never care which.
 */
@FunctionalInterface
public interface Transactions {

    /** Runs {@code work} in a transaction, commits when it returns, rolls back when it throws. */
    <T> T inTransaction(Function<EntityManager, T> work);
}
