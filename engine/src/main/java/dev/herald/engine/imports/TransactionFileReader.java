package dev.herald.engine.imports;

import dev.herald.engine.imports.CleanedTransactions.Counts;
import dev.herald.engine.imports.CleanedTransactions.LineDraft;
import dev.herald.engine.imports.CleanedTransactions.OrderDraft;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Reads a transactions file (CSV, or CSV compressed with gzip when the name ends in {@code .gz}) and applies
 * the cleaning rules of {@link SkipReason} in order, counting each. Cancellations are matched to the sale
 * they cancel: the latest earlier line of the same customer and stock code with at least that quantity left
 * to cancel. The whole file is held in memory as compact orders (the 541,909-row UCI file needs ~150 MB).
 */
public final class TransactionFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionFileReader.class);
    private static final int LOGGED_PROBLEMS = 10;
    private static final int PROGRESS_EVERY = 20_000;

    private final ColumnMapping mapping;
    private final CleaningPolicy policy;

    public TransactionFileReader(ColumnMapping mapping, CleaningPolicy policy) {
        this.mapping = mapping;
        this.policy = policy;
    }

    /**
     * Reads and cleans {@code file}.
     *
     * @param rejects  given the file's header, returns where skipped rows are written
     * @param progress told every 20,000 rows, with the total estimated from the bytes read so far
     * @throws IllegalArgumentException when a mapped column is missing from the header
     */
    public CleanedTransactions read(Path file, Function<List<String>, RejectedRows> rejects, ImportProgress progress) {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try (CountingStream counted = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
             InputStream in = file.getFileName().toString().endsWith(".gz")
                     ? new GZIPInputStream(counted, 1 << 16) : counted;
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames();
            int[] columns = columnIndexes(file, header);
            try (RejectedRows sink = rejects.apply(header)) {
                return clean(file, parser, columns, header.size(), sink, progress, counted, fileSize);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private int[] columnIndexes(Path file, List<String> header) {
        int[] columns = new int[ColumnMapping.FIELDS.size()];
        for (int i = 0; i < columns.length; i++) {
            String field = ColumnMapping.FIELDS.get(i);
            columns[i] = header.indexOf(mapping.header(field));
            if (columns[i] < 0) {
                throw new IllegalArgumentException(file + ":1: column '" + mapping.header(field) + "' (field " + field
                        + ") is not in the header " + header + "; map it with --column " + field + "=HEADER");
            }
        }
        return columns;
    }

    private CleanedTransactions clean(Path file, CSVParser parser, int[] col, int width, RejectedRows rejects,
                                      ImportProgress progress, CountingStream counted, long fileSize) {
        DateTimeFormatter dates = DateTimeFormatter.ofPattern(mapping.dateFormat(), Locale.ROOT);
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        Map<String, OrderBuilder> orders = new LinkedHashMap<>();
        Set<String> seenRows = new HashSet<>();
        Map<String, List<SaleForMatching>> salesByCustomerAndCode = new HashMap<>();
        List<Cancellation> cancellations = new ArrayList<>();
        Set<String> customers = new HashSet<>();
        Set<String> products = new HashSet<>();
        Map<String, String> interned = new HashMap<>();
        long rows = 0;
        long accepted = 0;
        long duplicatesKept = 0;
        long nonProductKept = 0;
        String lastDateText = null;
        Instant lastDate = null;

        for (CSVRecord record : parser) {
            rows++;
            long line = record.getRecordNumber() + 1; // + the header line (no field of this format spans lines)
            if (rows % PROGRESS_EVERY == 0) {
                long estimate = counted.count == 0 ? rows : Math.max(rows, rows * fileSize / counted.count);
                progress.update("reading", rows, estimate);
            }
            List<String> raw = record.toList();
            if (record.size() != width) {
                skip(file, line, SkipReason.MALFORMED, record.size() + " columns, header has " + width, raw, skipped, rejects);
                continue;
            }
            String invoice = record.get(col[0]);
            String stockCode = record.get(col[1]).toUpperCase(Locale.ROOT);
            String description = record.get(col[2]);
            String customer = normaliseCustomer(record.get(col[6]));
            String country = record.get(col[7]);
            int quantity;
            BigDecimal price;
            Instant at;
            try {
                quantity = Integer.parseInt(record.get(col[3]));
            } catch (NumberFormatException e) {
                skip(file, line, SkipReason.MALFORMED, "quantity '" + record.get(col[3]) + "' is not an integer", raw,
                        skipped, rejects);
                continue;
            }
            try {
                price = new BigDecimal(record.get(col[5]));
            } catch (NumberFormatException e) {
                skip(file, line, SkipReason.MALFORMED, "price '" + record.get(col[5]) + "' is not a number", raw,
                        skipped, rejects);
                continue;
            }
            String dateText = record.get(col[4]);
            if (!dateText.equals(lastDateText)) {
                try {
                    lastDate = LocalDateTime.parse(dateText, dates).atZone(mapping.zone()).toInstant();
                    lastDateText = dateText;
                } catch (DateTimeParseException e) {
                    skip(file, line, SkipReason.MALFORMED, "date '" + dateText + "' does not match "
                            + mapping.dateFormat(), raw, skipped, rejects);
                    continue;
                }
            }
            at = lastDate;
            if (invoice.isEmpty() || stockCode.isEmpty()) {
                skip(file, line, SkipReason.MALFORMED, "empty invoice or stock code", raw, skipped, rejects);
                continue;
            }
            if (invoice.startsWith("C") || invoice.startsWith("c")) {
                cancellations.add(new Cancellation(customer, stockCode, Math.abs(quantity), at));
                skip(file, line, SkipReason.CANCELLATION, null, raw, skipped, rejects);
                continue;
            }
            if (customer.isEmpty()) {
                skip(file, line, SkipReason.MISSING_CUSTOMER, null, raw, skipped, rejects);
                continue;
            }
            if (quantity <= 0) {
                skip(file, line, SkipReason.NON_POSITIVE_QUANTITY, null, raw, skipped, rejects);
                continue;
            }
            if (price.signum() <= 0) {
                skip(file, line, SkipReason.NON_POSITIVE_PRICE, null, raw, skipped, rejects);
                continue;
            }
            String customerId = policy.customerPrefix() + customer;
            OrderBuilder order = orders.get(invoice);
            if (order != null && !order.customerId.equals(customerId)) {
                skip(file, line, SkipReason.INCONSISTENT_INVOICE, "invoice " + invoice + " is customer "
                        + order.customerId + "'s", raw, skipped, rejects);
                continue;
            }
            boolean duplicate = !seenRows.add(String.join("\u001f", raw));
            if (duplicate && policy.dropDuplicates()) {
                skip(file, line, SkipReason.EXACT_DUPLICATE, null, raw, skipped, rejects);
                continue;
            }
            boolean nonProduct = CleaningPolicy.isNonProductCode(stockCode);
            if (nonProduct && policy.dropNonProduct()) {
                skip(file, line, SkipReason.NON_PRODUCT_CODE, null, raw, skipped, rejects);
                continue;
            }
            if (duplicate) {
                duplicatesKept++;
            }
            if (nonProduct) {
                nonProductKept++;
            }
            if (order == null) {
                order = new OrderBuilder(invoice, interned.computeIfAbsent(customerId, k -> k), at,
                        interned.computeIfAbsent(country, k -> k));
                orders.put(invoice, order);
            }
            String code = interned.computeIfAbsent(stockCode, k -> k);
            order.lines.add(new LineDraft(code, interned.computeIfAbsent(description, k -> k), quantity, price));
            salesByCustomerAndCode.computeIfAbsent(order.customerId + "\u001f" + code, k -> new ArrayList<>(2))
                    .add(new SaleForMatching(at, quantity));
            customers.add(order.customerId);
            products.add(code);
            accepted++;
        }
        progress.update("reading", rows, rows);

        long matched = matchCancellations(cancellations, salesByCustomerAndCode);
        List<OrderDraft> drafts = new ArrayList<>(orders.size());
        for (OrderBuilder b : orders.values()) {
            drafts.add(new OrderDraft(b.invoice, b.customerId, b.orderedAt, b.country, List.copyOf(b.lines)));
        }
        Counts counts = new Counts(rows, accepted, skipped, duplicatesKept, nonProductKept, matched,
                cancellations.size() - matched, customers.size(), products.size());
        LOG.info("{}: {} rows read, {} accepted in {} orders, {} skipped {}", file.getFileName(), rows, accepted,
                drafts.size(), counts.skippedTotal(), skipped);
        return new CleanedTransactions(file.getFileName().toString(), policy.currency(), drafts, counts);
    }

    /**
     * Matches each cancellation, in time order, to the latest earlier sale of the same customer and stock code
     * with enough quantity left; the matched quantity is used up so two cancellations never match one sale
     * twice. Returns the number matched.
     */
    private long matchCancellations(List<Cancellation> cancellations, Map<String, List<SaleForMatching>> sales) {
        long matched = 0;
        List<Cancellation> byTime = new ArrayList<>(cancellations);
        byTime.sort(java.util.Comparator.comparing(Cancellation::at));
        for (Cancellation c : byTime) {
            if (c.customer().isEmpty()) {
                continue;
            }
            List<SaleForMatching> candidates = sales.get(policy.customerPrefix() + c.customer() + "\u001f" + c.stockCode());
            if (candidates == null) {
                continue;
            }
            for (int i = candidates.size() - 1; i >= 0; i--) {
                SaleForMatching sale = candidates.get(i);
                if (!sale.at.isAfter(c.at()) && sale.remaining >= c.quantity()) {
                    sale.remaining -= c.quantity();
                    matched++;
                    break;
                }
            }
        }
        return matched;
    }

    private static String normaliseCustomer(String value) {
        // spreadsheet exports turn 17850 into 17850.0
        return value.endsWith(".0") ? value.substring(0, value.length() - 2) : value;
    }

    private static void skip(Path file, long line, SkipReason reason, String detail, List<String> raw,
                             Map<SkipReason, Long> skipped, RejectedRows rejects) {
        long n = skipped.merge(reason, 1L, Long::sum);
        if (reason == SkipReason.MALFORMED && n <= LOGGED_PROBLEMS) {
            LOG.warn("{}:{}: skipped, {}", file, line, detail);
        }
        rejects.reject(line, reason, detail == null ? reason.label() : detail, raw);
    }

    private static final class OrderBuilder {
        final String invoice;
        final String customerId;
        final Instant orderedAt;
        final String country;
        final List<LineDraft> lines = new ArrayList<>(4);

        OrderBuilder(String invoice, String customerId, Instant orderedAt, String country) {
            this.invoice = invoice;
            this.customerId = customerId;
            this.orderedAt = orderedAt;
            this.country = country;
        }
    }

    private static final class SaleForMatching {
        final Instant at;
        int remaining;

        SaleForMatching(Instant at, int quantity) {
            this.at = at;
            this.remaining = quantity;
        }
    }

    private record Cancellation(String customer, String stockCode, int quantity, Instant at) {
    }

    /** Counts the (compressed) bytes read, to estimate the rows still to come. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
