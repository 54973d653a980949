package dev.herald.engine.delivery;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link ParallelDispatchIT} on a real PostgreSQL (embedded server, a fresh database per test). */
class ParallelDispatchPostgresIT extends ParallelDispatchIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
