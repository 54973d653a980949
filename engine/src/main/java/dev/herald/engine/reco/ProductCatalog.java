package dev.herald.engine.reco;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * What Herald knows about products beyond purchases: name, category, price and whether it may be recommended
 * (in stock, not blocked). Turns a campaign's filters into the item predicate of a {@link RecommendationRequest}.
 * Products without an entry are allowed, unnamed and uncategorised.
 */
public final class ProductCatalog {

    /** One product; {@code price} may be null when unknown. */
    public record Product(String id, String name, String category, BigDecimal price, boolean available) {
    }

    private final Map<String, Product> byId = new HashMap<>();

    public ProductCatalog put(Product product) {
        byId.put(product.id(), product);
        return this;
    }

    public java.util.Collection<String> ids() {
        return byId.keySet();
    }

    public int size() {
        return byId.size();
    }

    /**
     * Reads a products file: header row, then {@code stock_code} (or {@code product_id}), optional
     * {@code description}, {@code category}, {@code unit_price}, {@code available} (true/false/1/0).
     */
    public static ProductCatalog read(java.nio.file.Path file) {
        ProductCatalog catalog = new ProductCatalog();
        DelimitedFile.read(file, new String[][] {InteractionFiles.PRODUCT, {"description", "name"},
                {"category"}, {"unit_price", "price"}, {"available", "in_stock"}}, 1, row -> {
                    String id = InteractionFiles.requireId(file, row, 0, "product");
                    BigDecimal price = null;
                    String priceText = row.get(3);
                    if (priceText != null && !priceText.isEmpty()) {
                        try {
                            price = new BigDecimal(priceText);
                        } catch (NumberFormatException e) {
                            throw new InteractionFileException(file, row.line(),
                                    "price '" + priceText + "' is not a number");
                        }
                    }
                    String available = row.get(4);
                    boolean isAvailable = available == null || available.isEmpty()
                            || available.equalsIgnoreCase("true") || available.equals("1");
                    if (available != null && !available.isEmpty() && !isAvailable
                            && !available.equalsIgnoreCase("false") && !available.equals("0")) {
                        throw new InteractionFileException(file, row.line(),
                                "available must be true/false/1/0, got '" + available + "'");
                    }
                    catalog.put(new Product(id, emptyToNull(row.get(1)), emptyToNull(row.get(2)), price,
                            isAvailable));
                });
        return catalog;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    public Product get(String id) {
        return byId.get(id);
    }

    public String name(String id) {
        Product product = byId.get(id);
        return product == null || product.name() == null ? id : product.name();
    }

    public String category(String id) {
        Product product = byId.get(id);
        return product == null ? null : product.category();
    }

    /** Leaves out products marked unavailable (out of stock or blocked) and those in {@code blocked}. */
    public IntPredicate available(IdIndex items, Set<String> blocked) {
        return item -> {
            String id = items.id(item);
            Product product = byId.get(id);
            return !blocked.contains(id) && (product == null || product.available());
        };
    }

    /** Only products of {@code category} (case-insensitive; null = any) priced within [min, max] (null = open). */
    public IntPredicate campaignFilter(IdIndex items, String category, BigDecimal minPrice, BigDecimal maxPrice) {
        String wanted = category == null ? null : category.toLowerCase(Locale.ROOT);
        return item -> {
            Product product = byId.get(items.id(item));
            if (wanted != null && (product == null || product.category() == null
                    || !product.category().toLowerCase(Locale.ROOT).equals(wanted))) {
                return false;
            }
            if (minPrice != null || maxPrice != null) {
                if (product == null || product.price() == null) {
                    return false;
                }
                if (minPrice != null && product.price().compareTo(minPrice) < 0) {
                    return false;
                }
                return maxPrice == null || product.price().compareTo(maxPrice) <= 0;
            }
            return true;
        };
    }
}
