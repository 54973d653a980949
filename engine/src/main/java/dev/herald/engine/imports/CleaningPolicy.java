package dev.herald.engine.imports;

/**
 * The choices the cleaning rules leave open. The defaults reproduce the usual cleaning of the UCI Online
 * Retail data (customer present, quantity and price positive, not cancelled: 397,884 rows): exact duplicates
 * and non-product codes are counted but kept, because a repeated line on one invoice is how the shop records
 * two scans, and postage is money the customer paid.
 *
 * @param dropDuplicates  skip exact copies of an accepted row
 * @param dropNonProduct  skip lines whose stock code does not start with a digit
 * @param customerPrefix  prepended to the file's customer ids (Herald's demo uses C17850 for UCI 17850)
 * @param currency        ISO code of the file's prices
 */
public record CleaningPolicy(boolean dropDuplicates, boolean dropNonProduct, String customerPrefix, String currency) {

    public CleaningPolicy {
        if (currency == null || currency.length() != 3) {
            throw new IllegalArgumentException("currency must be a 3-letter ISO code, got " + currency);
        }
        customerPrefix = customerPrefix == null ? "" : customerPrefix;
    }

    public static CleaningPolicy defaults() {
        return new CleaningPolicy(false, false, "C", "GBP");
    }

    /** Stock codes that are not products: anything not starting with a digit (POST, M, C2, DOT, BANK CHARGES, PADS). */
    public static boolean isNonProductCode(String stockCode) {
        return stockCode.isEmpty() || !Character.isDigit(stockCode.charAt(0));
    }
}
