package dev.herald.engine.persistence;

import jakarta.persistence.Query;

/** Helpers for native SQL run through the persistence provider (Hibernate). */
public final class NativeQueries {

    /** Hibernate's {@code HibernateHints.HINT_NATIVE_SPACES}: the tables a native query reads or writes. */
    static final String NATIVE_SPACES = "org.hibernate.query.native.spaces";

    private NativeQueries() {
    }

    /**
     * The native query, declared to touch only {@code tables}: before it runs, Hibernate then flushes only pending
     * writes to those tables, where an undeclared native query flushes the whole persistence context.
     */
    public static Query synchronizedOn(Query nativeQuery, String... tables) {
        return nativeQuery.setHint(NATIVE_SPACES, tables);
    }
}
