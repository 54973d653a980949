package dev.herald.engine.application;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link BatchReadsIT} on an H2 file database, Herald's embedded default. */
class BatchReadsH2IT extends BatchReadsIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
