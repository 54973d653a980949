package dev.herald.engine.delivery;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link BestHourGateIT} on a real PostgreSQL. */
class BestHourGatePostgresIT extends BestHourGateIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
