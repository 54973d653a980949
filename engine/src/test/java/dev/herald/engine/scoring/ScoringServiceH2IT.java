package dev.herald.engine.scoring;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link ScoringServiceIT} on H2. */
class ScoringServiceH2IT extends ScoringServiceIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
