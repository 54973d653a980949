package dev.herald.engine.delivery;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link MailboxProviderReportIT} on a real PostgreSQL. */
class MailboxProviderReportPostgresIT extends MailboxProviderReportIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
