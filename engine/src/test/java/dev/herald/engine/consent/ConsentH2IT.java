package dev.herald.engine.consent;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link ConsentIT} on an H2 file database. */
class ConsentH2IT extends ConsentIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
