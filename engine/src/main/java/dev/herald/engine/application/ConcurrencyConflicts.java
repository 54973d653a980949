package dev.herald.engine.application;

import jakarta.persistence.EntityExistsException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

import java.sql.SQLException;

/** Tells a lost race between two transactions (worth redoing) from a real failure. */
public final class ConcurrencyConflicts {

    private ConcurrencyConflicts() {
    }

    public static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof EntityExistsException
                    || t instanceof PessimisticLockException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 23505 unique violation (H2 and PostgreSQL); 40001 serialization failure; 40P01 deadlock;
                // H2: 90131 concurrent update of a row, HYT00 lock wait timed out (a merge holding the row)
                if (state.equals("23505") || state.startsWith("40") || state.equals("90131")
                        || state.equals("HYT00")) {
                    return true;
                }
            }
            if (t.getClass().getName().equals("org.hibernate.StaleStateException")) {
                return true;
            }
        }
        return false;
    }
}
