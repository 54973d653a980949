package dev.herald.engine.consent;

import dev.herald.engine.testsupport.TestDatabases;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link ConsentStoreIT} on a real PostgreSQL: V15's SQL and the import's records on a server database. */
class ConsentStorePostgresIT extends ConsentStoreIT {

    @Override
    protected DataSource freshDataSource(Path dir) {
        return TestDatabases.sharedPostgres().freshDatabase();
    }
}
