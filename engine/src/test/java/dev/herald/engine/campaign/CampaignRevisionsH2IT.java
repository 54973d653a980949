package dev.herald.engine.campaign;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link CampaignRevisionsIT} on an H2 file database. */
class CampaignRevisionsH2IT extends CampaignRevisionsIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
