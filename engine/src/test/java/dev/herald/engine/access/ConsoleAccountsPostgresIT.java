package dev.herald.engine.access;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link ConsoleAccountsIT} on a real PostgreSQL. */
class ConsoleAccountsPostgresIT extends ConsoleAccountsIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
