package dev.herald.engine.schedule;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link CampaignCalendarIT} on a real PostgreSQL. */
class CampaignCalendarPostgresIT extends CampaignCalendarIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
