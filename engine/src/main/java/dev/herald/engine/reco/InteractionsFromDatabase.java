package dev.herald.engine.reco;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Builds the interaction matrix from Herald's own order tables: one entry per customer × product with the
 * number of distinct orders (baskets) containing it. Plain JDBC, streamed, so it runs on H2 and PostgreSQL
 * alike and holds only the compact matrix in memory.
 */
public final class InteractionsFromDatabase {

    static final String QUERY = "SELECT o.customer_id, l.product_id, COUNT(DISTINCT o.id) AS baskets"
            + " FROM customer_order o JOIN order_line l ON l.order_id = o.id WHERE l.quantity > 0"
            + " GROUP BY o.customer_id, l.product_id ORDER BY o.customer_id, l.product_id";

    private InteractionsFromDatabase() {
    }

    public static InteractionMatrix load(DataSource dataSource) {
        InteractionMatrix.Builder builder = InteractionMatrix.builder();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);  // lets PostgreSQL stream with a fetch size
            try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
                statement.setFetchSize(10_000);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        builder.add(rows.getString(1), rows.getString(2), rows.getLong(3));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read purchases from the database: " + e.getMessage(), e);
        }
        return builder.build();
    }
}
