package dev.herald.engine.lifetime;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link LifetimeServiceIT} on a real PostgreSQL. */
class LifetimeServicePostgresIT extends LifetimeServiceIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
