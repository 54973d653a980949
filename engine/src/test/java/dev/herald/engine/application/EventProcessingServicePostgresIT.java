package dev.herald.engine.application;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link EventProcessingServiceIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class EventProcessingServicePostgresIT extends EventProcessingServiceIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
