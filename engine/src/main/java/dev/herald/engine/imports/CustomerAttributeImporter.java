package dev.herald.engine.imports;

import dev.herald.engine.consent.ConsentService;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.persistence.Transactions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports a customer attribute file: one row per customer, every column an attribute (numbers stored as
 * numbers, anything else as text). Files without a customer id column, such as UCI Wholesale customers,
 * get ids from the row number ({@code prefix + n}, n from 1), so re-importing the same file updates the same
 * customers instead of adding new ones. A column {@code consent_CHANNEL} (e.g. {@code consent_email}: yes, true,
 * granted or 1 grant; any other non-blank value denies; blank states nothing) is not an attribute: it becomes the
 * customer's consent record with source {@code import:FILE} ({@link ConsentService#imported}, ADR 0034).
 */
public final class CustomerAttributeImporter {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerAttributeImporter.class);
    /** A column with this name also sets the customer's time zone (an IANA id such as Europe/Berlin). */
    public static final String TIME_ZONE_COLUMN = "time_zone";
    /** Columns with this prefix are consent ({@code consent_email}), stored as consent records. */
    public static final String CONSENT_PREFIX = "consent_";

    private final Transactions transactions;
    private final Clock clock;

    public CustomerAttributeImporter(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What an attribute import did. */
    public record Result(long rows, long customersCreated, long customersUpdated, long attributes, List<String> columns,
                         long consentsChanged) {
    }

    /**
     * @param idColumn header of the customer id column, or null to number the rows
     * @param idPrefix prepended to the id (or row number)
     */
    public Result importFile(Path file, String idColumn, String idPrefix) {
        List<CSVRecord> records;
        List<String> header;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).get().parse(reader)) {
            header = parser.getHeaderNames();
            records = parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (idColumn != null && !header.contains(idColumn)) {
            throw new IllegalArgumentException(file + ":1: id column '" + idColumn + "' is not in the header " + header);
        }
        for (CSVRecord r : records) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException(file + ":" + (r.getRecordNumber() + 1) + ": " + r.size()
                        + " columns, header has " + header.size());
            }
        }
        long[] tally = new long[4];
        String consentSource = ConsentService.IMPORT_SOURCE_PREFIX + ":" + file.getFileName();
        Instant now = clock.instant();
        transactions.inTransaction(em -> {
            long row = 0;
            for (CSVRecord r : records) {
                row++;
                String id = idPrefix + (idColumn == null ? Long.toString(row) : r.get(idColumn));
                Customer customer = em.find(Customer.class, id);
                if (customer == null) {
                    customer = new Customer(id, "", "", now);
                    em.persist(customer);
                    tally[0]++;
                } else {
                    tally[1]++;
                }
                if (header.contains(TIME_ZONE_COLUMN) && !r.get(TIME_ZONE_COLUMN).isBlank()) {
                    // the profile's own column: quiet hours and "next 09:00" delays read it (ADR 0022)
                    String zone = r.get(TIME_ZONE_COLUMN).strip();
                    try {
                        java.time.ZoneId.of(zone);
                    } catch (java.time.DateTimeException e) {
                        throw new IllegalArgumentException(file + ":" + (r.getRecordNumber() + 1) + ": column "
                                + TIME_ZONE_COLUMN + ": '" + zone + "' is not a time zone (e.g. Europe/Berlin)");
                    }
                    customer.setTimeZone(zone, now);
                }
                for (String column : header) {
                    if (column.equals(idColumn)) {
                        continue;
                    }
                    String text = r.get(column);
                    if (column.toLowerCase(java.util.Locale.ROOT).startsWith(CONSENT_PREFIX)) {
                        String channel = column.substring(CONSENT_PREFIX.length()).strip().toLowerCase(java.util.Locale.ROOT);
                        if (!channel.isEmpty() && !text.isBlank() && ConsentService.imported(em, id, channel,
                                ConsentService.grants(text), consentSource, "import", now)) {
                            tally[3]++;
                        }
                        continue;
                    }
                    BigDecimal number = parseNumber(text);
                    CustomerAttribute existing = em.find(CustomerAttribute.class, new CustomerAttribute.Key(id, column));
                    if (existing == null) {
                        em.persist(new CustomerAttribute(id, column, number == null ? text : null, number));
                    } else {
                        existing.update(number == null ? text : null, number);
                    }
                    tally[2]++;
                }
            }
            return null;
        });
        List<String> columns = new ArrayList<>(header);
        columns.remove(idColumn);
        Result result = new Result(records.size(), tally[0], tally[1], tally[2], columns, tally[3]);
        LOG.info("{}: {} customers ({} new, {} updated), {} attributes, {} consent records changed",
                file.getFileName(), result.rows(), result.customersCreated(), result.customersUpdated(),
                result.attributes(), result.consentsChanged());
        return result;
    }

    private static BigDecimal parseNumber(String text) {
        try {
            return text.isEmpty() ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
