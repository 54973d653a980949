package dev.herald.engine.application;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link IdentityResolutionIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class IdentityResolutionPostgresIT extends IdentityResolutionIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
