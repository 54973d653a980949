package dev.herald.engine.delivery;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link DeliverabilityGuardIT} on a real PostgreSQL. */
class DeliverabilityGuardPostgresIT extends DeliverabilityGuardIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
