package dev.herald.engine.experiment.report;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link GlobalControlReportIT} on a real PostgreSQL. */
class GlobalControlReportPostgresIT extends GlobalControlReportIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
