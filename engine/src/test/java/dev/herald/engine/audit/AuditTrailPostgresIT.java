package dev.herald.engine.audit;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link AuditTrailIT} on a real PostgreSQL. */
class AuditTrailPostgresIT extends AuditTrailIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
