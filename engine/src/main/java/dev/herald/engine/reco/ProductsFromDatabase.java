package dev.herald.engine.reco;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What Herald's own tables say about the products customers bought, for the emails' recommendation block:
 * the name (from the imported product list, else from order lines), a price (the highest unit price on record:
 * the list price, since bulk orders get discounts) and its currency. Service codes that the import marks as
 * such (postage, bank charges) are never recommended. Categories and stock come from an optional products file
 * laid over these values ({@link #load(DataSource, ProductCatalog)}).
 */
public final class ProductsFromDatabase {

    static final String QUERY = "SELECT l.product_id, MAX(l.product_name), MAX(l.unit_price), MAX(o.currency),"
            + " MAX(p.name), MAX(p.kind) FROM order_line l JOIN customer_order o ON o.id = l.order_id"
            + " LEFT JOIN product p ON p.id = l.product_id GROUP BY l.product_id";

    /** The catalog and each product's currency (the currency of its orders). */
    public record Products(ProductCatalog catalog, Map<String, String> currencies) {
    }

    private ProductsFromDatabase() {
    }

    /**
     * Reads the products; entries of {@code file} (may be null) win where they give a value (a file is how
     * categories and stock reach Herald).
     */
    public static Products load(DataSource dataSource, ProductCatalog file) {
        ProductCatalog catalog = new ProductCatalog();
        Map<String, String> currencies = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(QUERY);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(1);
                String imported = rows.getString(5);
                String name = imported != null && !imported.isBlank() ? imported : rows.getString(2);
                BigDecimal price = rows.getBigDecimal(3);
                boolean service = "SERVICE".equalsIgnoreCase(rows.getString(6));
                catalog.put(new ProductCatalog.Product(id, name, null,
                        price == null ? null : price.setScale(2, RoundingMode.HALF_UP), !service));
                currencies.put(id, rows.getString(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read products from the database: " + e.getMessage(), e);
        }
        if (file != null) {
            for (String id : file.ids()) {
                ProductCatalog.Product given = file.get(id);
                ProductCatalog.Product known = catalog.get(id);
                catalog.put(known == null ? given : new ProductCatalog.Product(id,
                        given.name() != null ? given.name() : known.name(),
                        given.category() != null ? given.category() : known.category(),
                        given.price() != null ? given.price() : known.price(),
                        given.available() && known.available()));
            }
        }
        return new Products(catalog, currencies);
    }
}
