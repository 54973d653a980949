package dev.herald.engine.journey;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link JourneyServiceIT} on an H2 file database, Herald's embedded default. */
class JourneyServiceH2IT extends JourneyServiceIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
