package dev.herald.engine.delivery;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link OutboxDispatcherIT} on an H2 file database, Herald's embedded default. */
class OutboxDispatcherH2IT extends OutboxDispatcherIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
