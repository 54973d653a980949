package dev.herald.engine.consent;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link ConsentIT} on a real PostgreSQL: the suppression gate and the native SQL on a server database. */
class ConsentPostgresIT extends ConsentIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
