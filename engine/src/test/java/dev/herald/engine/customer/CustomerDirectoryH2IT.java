package dev.herald.engine.customer;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link CustomerDirectoryIT} on an H2 file database. */
class CustomerDirectoryH2IT extends CustomerDirectoryIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
