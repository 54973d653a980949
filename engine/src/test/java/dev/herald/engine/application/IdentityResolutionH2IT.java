package dev.herald.engine.application;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link IdentityResolutionIT} on an H2 file database, Herald's embedded default. */
class IdentityResolutionH2IT extends IdentityResolutionIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
