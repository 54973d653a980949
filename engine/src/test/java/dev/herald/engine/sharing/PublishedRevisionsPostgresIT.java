package dev.herald.engine.sharing;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link PublishedRevisionsIT} on a real PostgreSQL. */
class PublishedRevisionsPostgresIT extends PublishedRevisionsIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
