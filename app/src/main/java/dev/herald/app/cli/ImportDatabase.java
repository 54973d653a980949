package dev.herald.app.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.HeraldConfig;
import dev.herald.engine.persistence.DatabaseMigrator;
import dev.herald.engine.persistence.HeraldPersistence;
import dev.herald.engine.persistence.ResourceLocalTransactions;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManagerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Herald's database, opened the way {@code herald run} opens it (H2 file in the data directory, or
 * {@code herald.jdbc.url}) but without the broker, mail server and routes: the import and segment commands
 * work on the data only, so they can run next to a running Herald on PostgreSQL. JDBC batches are larger
 * than the service's, for bulk writes.
 */
final class ImportDatabase implements AutoCloseable {

    static {
        System.setProperty("org.jboss.logging.provider", "slf4j");
    }

    private final HikariDataSource dataSource;
    private final EntityManagerFactory emf;
    private final String description;

    private ImportDatabase(HikariDataSource dataSource, EntityManagerFactory emf, String description) {
        this.dataSource = dataSource;
        this.emf = emf;
        this.description = description;
    }

    static ImportDatabase open(HeraldConfig config) throws Exception {
        String url = config.get(HeraldConfig.JDBC_URL);
        if (url.isBlank()) {
            Path dir = config.dataDir().resolve("db");
            Files.createDirectories(dir);
            url = "jdbc:h2:file:" + dir.resolve("herald").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(config.get(HeraldConfig.JDBC_USER));
        pool.setPassword(config.get(HeraldConfig.JDBC_PASSWORD));
        pool.setMaximumPoolSize(2);
        pool.setPoolName("herald-import-db");
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            DatabaseMigrator.migrate(dataSource);
            EntityManagerFactory emf = HeraldPersistence.createEntityManagerFactory(dataSource,
                    Map.of("hibernate.jdbc.batch_size", "1000", "hibernate.order_updates", "true"));
            return new ImportDatabase(dataSource, emf, url.replaceAll("password=[^;&]*", "password=****"));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    Transactions transactions() {
        return new ResourceLocalTransactions(emf);
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        emf.close();
        dataSource.close();
    }
}
