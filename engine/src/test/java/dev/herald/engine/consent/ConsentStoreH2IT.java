package dev.herald.engine.consent;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link ConsentStoreIT} on an H2 file database. */
class ConsentStoreH2IT extends ConsentStoreIT {

    @Override
    protected DataSource freshDataSource(Path dir) {
        return TestDatabases.h2(dir);
    }
}
