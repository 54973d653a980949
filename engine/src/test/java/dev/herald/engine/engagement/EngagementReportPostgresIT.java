package dev.herald.engine.engagement;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link EngagementReportIT} on a real PostgreSQL. */
class EngagementReportPostgresIT extends EngagementReportIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
