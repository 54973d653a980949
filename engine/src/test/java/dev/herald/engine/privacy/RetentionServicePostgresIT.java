package dev.herald.engine.privacy;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link RetentionServiceIT} on a real PostgreSQL. */
class RetentionServicePostgresIT extends RetentionServiceIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
