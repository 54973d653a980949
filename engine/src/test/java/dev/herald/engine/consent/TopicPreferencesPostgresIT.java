package dev.herald.engine.consent;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link TopicPreferencesIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class TopicPreferencesPostgresIT extends TopicPreferencesIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
