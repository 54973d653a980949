package dev.herald.engine.dashboard;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link DashboardQueriesIT} on a real PostgreSQL (EXTRACT(EPOCH) and timestamptz). */
class DashboardQueriesPostgresIT extends DashboardQueriesIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
