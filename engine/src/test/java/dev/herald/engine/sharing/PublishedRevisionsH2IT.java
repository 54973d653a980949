package dev.herald.engine.sharing;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link PublishedRevisionsIT} on an H2 file database. */
class PublishedRevisionsH2IT extends PublishedRevisionsIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
