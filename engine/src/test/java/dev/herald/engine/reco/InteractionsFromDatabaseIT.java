package dev.herald.engine.reco;

import dev.herald.engine.persistence.DatabaseMigrator;
import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The matrix built from Herald's order tables on a real (H2 file) database migrated by Flyway. */
class InteractionsFromDatabaseIT {

    @TempDir
    Path dir;

    @Test
    void countsDistinctOrdersPerCustomerAndProduct() throws SQLException {
        DataSource db = TestDatabases.h2(dir);
        DatabaseMigrator.migrate(db);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO customer (id, email, name, order_count, lifetime_spend, created_at, updated_at,"
                    + " version) VALUES ('ann', 'ann@example.com', 'Ann', 2, 20, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0),"
                    + " ('bob', 'bob@example.com', 'Bob', 1, 10, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
            s.execute("INSERT INTO customer_order (id, customer_id, event_id, currency, total, ordered_at) VALUES"
                    + " ('o1', 'ann', 'e1', 'GBP', 10, CURRENT_TIMESTAMP),"
                    + " ('o2', 'ann', 'e2', 'GBP', 10, CURRENT_TIMESTAMP),"
                    + " ('o3', 'bob', 'e3', 'GBP', 10, CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO order_line (order_id, line_no, product_id, product_name, quantity, unit_price) VALUES"
                    + " ('o1', 1, 'MUG', 'Mug', 2, 3.5), ('o1', 2, 'MUG', 'Mug', 1, 3.5),"
                    + " ('o2', 1, 'MUG', 'Mug', 1, 3.5), ('o2', 2, 'TEAPOT', 'Teapot', 1, 12),"
                    + " ('o3', 1, 'TEAPOT', 'Teapot', 1, 12)");
        }
        InteractionMatrix m = InteractionsFromDatabase.load(db);
        assertThat(m.numUsers()).isEqualTo(2);
        assertThat(m.numInteractions()).isEqualTo(3);
        UserHistory ann = m.history(Fixtures.user(m, "ann"));
        assertThat(ann.count(Fixtures.item(m, "MUG"))).isEqualTo(2f);     // o1 (two lines) and o2
        assertThat(ann.count(Fixtures.item(m, "TEAPOT"))).isEqualTo(1f);
        assertThat(m.itemDegree(Fixtures.item(m, "TEAPOT"))).isEqualTo(2);
    }
}
