package dev.herald.engine.customer;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link CustomerDirectoryIT} on a real PostgreSQL. */
class CustomerDirectoryPostgresIT extends CustomerDirectoryIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
