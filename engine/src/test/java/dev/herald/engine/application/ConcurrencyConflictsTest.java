package dev.herald.engine.application;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Lost races are redone in-process; real failures are not. */
class ConcurrencyConflictsTest {

    @Test
    void lostRacesAreConflicts() {
        assertThat(ConcurrencyConflicts.isConflict(new OptimisticLockException("stale"))).isTrue();
        for (String state : new String[]{"23505", "40001", "40P01", "90131", "HYT00"}) {
            assertThat(ConcurrencyConflicts.isConflict(new PersistenceException("wrapped",
                    new SQLException("race", state)))).as(state).isTrue();
        }
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(ConcurrencyConflicts.isConflict(new PersistenceException("down",
                new SQLException("connection refused", "08001")))).isFalse();
        assertThat(ConcurrencyConflicts.isConflict(new PersistenceException("fk",
                new SQLException("foreign key", "23503")))).isFalse();
        assertThat(ConcurrencyConflicts.isConflict(new IllegalStateException("bug"))).isFalse();
    }
}
