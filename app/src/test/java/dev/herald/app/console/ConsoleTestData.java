package dev.herald.app.console;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.engine.persistence.HeraldPersistence;
import dev.herald.engine.persistence.ResourceLocalTransactions;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManagerFactory;

import java.util.Map;

/**
 * Writes test data (customers, experiments) into a running Herald's database through the engine's own JPA
 * mapping and services, on a second small pool to the same database.
 */
final class ConsoleTestData implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final EntityManagerFactory emf;

    ConsoleTestData(HeraldRuntime runtime) {
        HikariConfig pool = new HikariConfig();
        String url = runtime.config().get(HeraldConfig.JDBC_URL);
        pool.setJdbcUrl(url.isBlank() ? HeraldRuntime.embeddedDatabaseUrl(runtime.config().dataDir()) : url);
        pool.setUsername(runtime.config().get(HeraldConfig.JDBC_USER));
        pool.setPassword(runtime.config().get(HeraldConfig.JDBC_PASSWORD));
        pool.setMaximumPoolSize(2);
        pool.setPoolName("console-test-data");
        dataSource = new HikariDataSource(pool);
        emf = HeraldPersistence.createEntityManagerFactory(dataSource, Map.of());
    }

    Transactions transactions() {
        return new ResourceLocalTransactions(emf);
    }

    @Override
    public void close() {
        emf.close();
        dataSource.close();
    }
}
