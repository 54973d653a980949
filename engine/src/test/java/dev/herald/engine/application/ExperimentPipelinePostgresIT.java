package dev.herald.engine.application;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;

/** {@link ExperimentPipelineIT} on a real PostgreSQL: one embedded server, a fresh database per test. */
class ExperimentPipelinePostgresIT extends ExperimentPipelineIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
