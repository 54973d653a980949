package dev.herald.engine.application;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link SegmentChangeFeedIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class SegmentChangeFeedPostgresIT extends SegmentChangeFeedIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
