package dev.herald.engine.segment;

import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** {@link SegmentationIT} on an H2 file database. */
class SegmentationH2IT extends SegmentationIT {

    @TempDir
    Path dir;

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.h2(dir);
    }
}
