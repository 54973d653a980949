package dev.herald.engine.consent;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link PrivacyIT} on an H2 file database. */
class PrivacyH2IT extends PrivacyIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
