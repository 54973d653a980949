package dev.herald.engine.application;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

/** {@link EventProcessingServiceIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class EventProcessingServicePostgresIT extends EventProcessingServiceIT {

    private static TestDatabases.Postgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestDatabases.startPostgres();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected DataSource freshDataSource() {
        return postgres.freshDatabase();
    }
}
