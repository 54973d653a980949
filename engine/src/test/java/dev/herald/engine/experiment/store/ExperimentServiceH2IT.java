package dev.herald.engine.experiment.store;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link ExperimentServiceIT} on an H2 file database. */
class ExperimentServiceH2IT extends ExperimentServiceIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
