package dev.herald.engine.dashboard;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link DashboardQueriesIT} on an H2 file database. */
class DashboardQueriesH2IT extends DashboardQueriesIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
