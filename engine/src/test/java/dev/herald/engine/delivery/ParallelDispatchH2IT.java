package dev.herald.engine.delivery;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link ParallelDispatchIT} on an H2 file database, Herald's embedded default. */
class ParallelDispatchH2IT extends ParallelDispatchIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
