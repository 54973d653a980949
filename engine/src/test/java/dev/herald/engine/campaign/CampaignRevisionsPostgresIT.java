package dev.herald.engine.campaign;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link CampaignRevisionsIT} on a real PostgreSQL. */
class CampaignRevisionsPostgresIT extends CampaignRevisionsIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
