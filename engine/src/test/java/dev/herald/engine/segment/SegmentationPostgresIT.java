package dev.herald.engine.segment;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link SegmentationIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class SegmentationPostgresIT extends SegmentationIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
