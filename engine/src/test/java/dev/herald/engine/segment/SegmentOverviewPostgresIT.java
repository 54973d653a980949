package dev.herald.engine.segment;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link SegmentOverviewIT} on a real PostgreSQL. */
class SegmentOverviewPostgresIT extends SegmentOverviewIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
