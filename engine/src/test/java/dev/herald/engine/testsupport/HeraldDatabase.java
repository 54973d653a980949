package dev.herald.engine.testsupport;

import dev.herald.engine.persistence.DatabaseMigrator;
import dev.herald.engine.persistence.HeraldPersistence;
import dev.herald.engine.persistence.ResourceLocalTransactions;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManagerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A database migrated to Herald's schema, with the persistence unit and transactions the engine uses, plus
 * plain-JDBC reads so that tests check what is really stored rather than what the persistence context holds.
 */
public final class HeraldDatabase implements AutoCloseable {

    /** Every table of the schema, children before parents. */
    public static final List<String> TABLES =
            List.of("outbox_message", "processed_event", "order_line", "customer_order", "customer");

    private final DataSource dataSource;
    private final EntityManagerFactory emf;
    private final Transactions transactions;

    private HeraldDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        DatabaseMigrator.migrate(dataSource);
        this.emf = HeraldPersistence.createEntityManagerFactory(dataSource, Map.of());
        this.transactions = new ResourceLocalTransactions(emf);
    }

    /** Migrates the (empty) database behind {@code dataSource} and opens the persistence unit over it. */
    public static HeraldDatabase open(DataSource dataSource) {
        return new HeraldDatabase(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Transactions transactions() {
        return transactions;
    }

    public long count(String table) {
        return ((Number) row("select count(*) as n from " + table).get("n")).longValue();
    }

    /** Row counts of every table, for "nothing changed" assertions. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        TABLES.forEach(t -> counts.put(t, count(t)));
        return counts;
    }

    /** The single row {@code sql} selects, column labels in lower case. */
    public Map<String, Object> row(String sql, Object... args) {
        List<Map<String, Object>> rows = rows(sql, args);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from [" + sql + "], got " + rows.size());
        }
        return rows.get(0);
    }

    /** Every row {@code sql} selects, column labels in lower case. */
    public List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** Runs one insert, update or delete with {@code args}; the rows it changed. */
    public int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + sql, e);
        }
    }

    /** A timestamp column's value as an Instant (H2 returns OffsetDateTime, PostgreSQL Timestamp). */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName() + " " + value);
    }

    /** Closes the persistence unit; an H2 database is also shut down so its files are released. */
    @Override
    public void close() {
        emf.close();
        try (Connection c = dataSource.getConnection()) {
            if (c.getMetaData().getDatabaseProductName().equals("H2")) {
                try (Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the test database", e);
        }
    }
}
