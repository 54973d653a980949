package dev.herald.engine.reco;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds an {@link InteractionMatrix} straight from a transactions file: a header row, then one row per
 * customer × product (repeats add up). Accepted columns: customer ({@code customer_id}, {@code CustomerID},
 * {@code customer}, {@code user_id}), product ({@code stock_code}, {@code StockCode}, {@code product_id},
 * {@code item_id}) and an optional positive count ({@code n_baskets}, {@code count}, {@code quantity}; 1 when
 * absent) and an optional date of the last purchase ({@code last_purchase}, {@code date}; ISO
 * {@code yyyy-MM-dd}, a time after it is ignored). Tab-separated unless the name ends in {@code .csv}; gzip is
 * detected.
 *
 * <p>A file may instead list whole baskets: a {@code basket} column (any id, e.g. the basket's number in the
 * customer's sequence, as {@code data/online-retail/train-baskets.tsv} has) and one row per basket × product, with
 * the basket's {@code date}. Then a pair's count is the number of <em>distinct</em> baskets it appears in (a product
 * listed twice in one basket counts once) and its date the latest, so such a file builds the same matrix as the
 * per-pair summary it aggregates to ({@code train-dated.tsv}). A basket file has no count column: the count is
 * what the baskets say.
 */
public final class InteractionFiles {

    static final String[] CUSTOMER = {"customer_id", "customerid", "customer", "user_id", "user"};
    static final String[] PRODUCT = {"stock_code", "stockcode", "product_id", "product", "item_id", "item"};
    static final String[] COUNT = {"n_baskets", "count", "baskets", "quantity"};
    static final String[] LAST_PURCHASE = {"last_purchase", "last_purchased", "date", "invoicedate"};
    static final String[] BASKET = {"basket", "basket_id"};

    private InteractionFiles() {
    }

    public static InteractionMatrix read(Path file) {
        InteractionMatrix.Builder builder = InteractionMatrix.builder();
        long[] rows = {0};
        // customer, product, basket of each row seen in a basket file: a repeated line adds no basket
        Set<String> basketLines = new HashSet<>();
        DelimitedFile.read(file, new String[][] {CUSTOMER, PRODUCT, COUNT, LAST_PURCHASE, BASKET}, 2, row -> {
            rows[0]++;
            String customer = requireId(file, row, 0, "customer");
            String product = requireId(file, row, 1, "product");
            String basket = row.get(4);
            if (basket != null) {
                if (row.get(2) != null) {
                    throw new InteractionFileException(file, 1, "a basket file (column basket) has no count column:"
                            + " a product's count is the number of baskets it is in");
                }
                if (basket.isEmpty()) {
                    throw new InteractionFileException(file, row.line(), "empty basket id");
                }
                if (!basketLines.add(customer + '\u0000' + product + '\u0000' + basket)) {
                    return;  // the same product twice in one basket is one basket
                }
            }
            float count = count(file, row);
            String date = row.get(3);
            if (date == null || date.isEmpty()) {
                builder.add(customer, product, count);
            } else {
                builder.add(customer, product, count, day(file, row, date));
            }
        });
        if (rows[0] == 0) {
            throw new InteractionFileException(file, 0, "no data rows after the header");
        }
        return builder.build();
    }

    static String requireId(Path file, DelimitedFile.Row row, int column, String what) {
        String value = row.get(column);
        if (value.isEmpty()) {
            throw new InteractionFileException(file, row.line(), "empty " + what + " id");
        }
        return value;
    }

    static int day(Path file, DelimitedFile.Row row, String text) {
        String date = text.length() > 10 ? text.substring(0, 10) : text;
        try {
            if (date.length() == 10 && date.charAt(4) == '-' && date.charAt(7) == '-') {
                // the usual shape without DateTimeFormatter, which dominates reading a dated file in a cold JVM
                int year = digits(date, 0, 4);
                int month = digits(date, 5, 7);
                int dayOfMonth = digits(date, 8, 10);
                if (year >= 0 && month >= 0 && dayOfMonth >= 0) {
                    return (int) java.time.LocalDate.of(year, month, dayOfMonth).toEpochDay();
                }
            }
            return (int) java.time.LocalDate.parse(date).toEpochDay();
        } catch (java.time.DateTimeException e) {
            throw new InteractionFileException(file, row.line(), "date '" + text + "' is not yyyy-MM-dd");
        }
    }

    /** The decimal number in text[from, to), or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static float count(Path file, DelimitedFile.Row row) {
        String text = row.get(2);
        if (text == null) {
            return 1f;
        }
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new InteractionFileException(file, row.line(), "count '" + text + "' is not a number");
        }
        if (!(value > 0) || Float.isInfinite(value)) {
            throw new InteractionFileException(file, row.line(), "count must be positive, got '" + text + "'");
        }
        return value;
    }
}
