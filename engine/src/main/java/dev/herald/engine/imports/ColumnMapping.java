package dev.herald.engine.imports;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which header of a transactions file holds which field. The defaults are the UCI Online Retail headers;
 * another shop's export is imported by naming its headers, e.g. {@code invoice=OrderNumber,price=Price}.
 *
 * @param headers    field name → header name in the file, for every field in {@link #FIELDS}
 * @param dateFormat pattern of the invoice date column (java.time syntax)
 * @param zone       time zone the file's local timestamps are in
 */
public record ColumnMapping(Map<String, String> headers, String dateFormat, ZoneId zone) {

    public static final String INVOICE = "invoice";
    public static final String STOCK_CODE = "stock_code";
    public static final String DESCRIPTION = "description";
    public static final String QUANTITY = "quantity";
    public static final String INVOICE_DATE = "invoice_date";
    public static final String PRICE = "price";
    public static final String CUSTOMER = "customer";
    public static final String COUNTRY = "country";

    /** Every field, in the UCI file's column order. */
    public static final java.util.List<String> FIELDS =
            java.util.List.of(INVOICE, STOCK_CODE, DESCRIPTION, QUANTITY, INVOICE_DATE, PRICE, CUSTOMER, COUNTRY);

    public ColumnMapping {
        headers = Map.copyOf(headers);
        for (String field : FIELDS) {
            if (!headers.containsKey(field)) {
                throw new IllegalArgumentException("column mapping lacks field '" + field + "'");
            }
        }
        DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT); // fails early on a bad pattern
        Objects.requireNonNull(zone);
    }

    /** The UCI Online Retail layout: InvoiceNo, StockCode, ... with dates like 2010-12-01 08:26:00, UTC. */
    public static ColumnMapping onlineRetail() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(INVOICE, "InvoiceNo");
        h.put(STOCK_CODE, "StockCode");
        h.put(DESCRIPTION, "Description");
        h.put(QUANTITY, "Quantity");
        h.put(INVOICE_DATE, "InvoiceDate");
        h.put(PRICE, "UnitPrice");
        h.put(CUSTOMER, "CustomerID");
        h.put(COUNTRY, "Country");
        return new ColumnMapping(h, "yyyy-MM-dd HH:mm:ss", ZoneId.of("UTC"));
    }

    /**
     * This mapping with some headers renamed.
     *
     * @param overrides field → header, fields named as in {@link #FIELDS}
     */
    public ColumnMapping withHeaders(Map<String, String> overrides) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        overrides.forEach((field, header) -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "' in column mapping; fields are "
                        + String.join(", ", FIELDS));
            }
            h.put(field, header);
        });
        return new ColumnMapping(h, dateFormat, zone);
    }

    public ColumnMapping withDateFormat(String pattern, ZoneId newZone) {
        return new ColumnMapping(headers, pattern, newZone);
    }

    public String header(String field) {
        return headers.get(field);
    }
}
