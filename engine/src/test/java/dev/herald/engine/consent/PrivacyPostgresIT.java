package dev.herald.engine.consent;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link PrivacyIT} on a real PostgreSQL. */
class PrivacyPostgresIT extends PrivacyIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
