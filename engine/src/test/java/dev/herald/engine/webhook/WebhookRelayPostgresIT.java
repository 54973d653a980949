package dev.herald.engine.webhook;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link WebhookRelayIT} on a real PostgreSQL. */
class WebhookRelayPostgresIT extends WebhookRelayIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
