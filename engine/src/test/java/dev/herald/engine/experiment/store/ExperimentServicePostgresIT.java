package dev.herald.engine.experiment.store;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link ExperimentServiceIT} on a real PostgreSQL (embedded server, a fresh database per test). */
class ExperimentServicePostgresIT extends ExperimentServiceIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
