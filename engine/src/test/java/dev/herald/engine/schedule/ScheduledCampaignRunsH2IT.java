package dev.herald.engine.schedule;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link ScheduledCampaignRunsIT} on an H2 file database, Herald's embedded default. */
class ScheduledCampaignRunsH2IT extends ScheduledCampaignRunsIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
