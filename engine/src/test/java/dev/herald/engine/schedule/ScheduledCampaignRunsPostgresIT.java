package dev.herald.engine.schedule;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link ScheduledCampaignRunsIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class ScheduledCampaignRunsPostgresIT extends ScheduledCampaignRunsIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
