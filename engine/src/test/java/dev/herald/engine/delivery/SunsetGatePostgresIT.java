package dev.herald.engine.delivery;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link SunsetGateIT} on a real PostgreSQL. */
class SunsetGatePostgresIT extends SunsetGateIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
