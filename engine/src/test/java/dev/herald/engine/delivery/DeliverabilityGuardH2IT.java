package dev.herald.engine.delivery;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link DeliverabilityGuardIT} on H2. */
class DeliverabilityGuardH2IT extends DeliverabilityGuardIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
