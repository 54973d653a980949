package dev.herald.engine.access;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link ConsoleAccountsIT} on an H2 file database. */
class ConsoleAccountsH2IT extends ConsoleAccountsIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
