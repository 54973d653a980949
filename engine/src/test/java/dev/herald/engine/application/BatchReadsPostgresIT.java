package dev.herald.engine.application;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link BatchReadsIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class BatchReadsPostgresIT extends BatchReadsIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
