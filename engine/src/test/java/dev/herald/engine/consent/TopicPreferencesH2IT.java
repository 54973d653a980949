package dev.herald.engine.consent;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link TopicPreferencesIT} on an H2 file database, Herald's embedded default. */
class TopicPreferencesH2IT extends TopicPreferencesIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
