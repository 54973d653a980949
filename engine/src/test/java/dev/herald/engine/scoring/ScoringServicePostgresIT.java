package dev.herald.engine.scoring;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link ScoringServiceIT} on a real PostgreSQL. */
class ScoringServicePostgresIT extends ScoringServiceIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
