package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import dev.herald.engine.persistence.Transactions;

import java.nio.file.Files;

/**
 * Herald's database for the experiment and preview commands, opened like the import commands open it, but
 * only when it is there: reading from an empty data directory would silently create a new, empty database and
 * answer "nothing found", which hides a wrong {@code --data-dir}.
 */
final class AbDatabase implements AutoCloseable {

    private final ImportDatabase database;

    private AbDatabase(ImportDatabase database) {
        this.database = database;
    }

    static AbDatabase openExisting(HeraldConfig config) throws Exception {
        if (config.get(HeraldConfig.JDBC_URL).isBlank()
                && !Files.exists(config.dataDir().resolve("db").resolve("herald.mv.db"))) {
            throw new IllegalArgumentException("no Herald database in " + config.dataDir()
                    + " (give --data-dir, or -Dherald.jdbc.url=...)");
        }
        return new AbDatabase(ImportDatabase.open(config));
    }

    Transactions transactions() {
        return database.transactions();
    }

    String description() {
        return database.description();
    }

    @Override
    public void close() {
        database.close();
    }
}
