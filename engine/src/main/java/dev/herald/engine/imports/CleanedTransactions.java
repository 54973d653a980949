package dev.herald.engine.imports;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the cleaning rules left of a transactions file: its orders (one per invoice, lines in file order) and
 * the counts of every rule, so the final report can say what was loaded and what was skipped and why.
 */
public record CleanedTransactions(String source, String currency, List<OrderDraft> orders, Counts counts) {

    /** One invoice, ready to be stored as a {@code CustomerOrder}. */
    public record OrderDraft(String invoice, String customerId, Instant orderedAt, String country,
                             List<LineDraft> lines) {

        public BigDecimal total() {
            BigDecimal total = BigDecimal.ZERO;
            for (LineDraft line : lines) {
                total = total.add(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())));
            }
            return total;
        }
    }

    /** One accepted row. */
    public record LineDraft(String stockCode, String description, int quantity, BigDecimal unitPrice) {
    }

    /**
     * @param rowsRead               data rows in the file
     * @param rowsAccepted           rows that became order lines
     * @param skipped                rows skipped, by the first rule they broke
     * @param duplicatesKept         exact copies of an accepted row that were kept (policy: keep)
     * @param nonProductKept         accepted lines with a non-product code (policy: keep, as SERVICE products)
     * @param cancellationsMatched   cancellation rows matched to an earlier sale of the same customer and code
     * @param cancellationsUnmatched cancellation rows with no such sale in the file (bought before it starts,
     *                               or no customer id)
     * @param customers              distinct customers among accepted rows
     * @param products               distinct stock codes among accepted rows
     */
    public record Counts(long rowsRead, long rowsAccepted, Map<SkipReason, Long> skipped, long duplicatesKept,
                         long nonProductKept, long cancellationsMatched, long cancellationsUnmatched,
                         long customers, long products) {

        public Counts {
            EnumMap<SkipReason, Long> all = new EnumMap<>(SkipReason.class);
            for (SkipReason r : SkipReason.values()) {
                all.put(r, skipped.getOrDefault(r, 0L));
            }
            skipped = java.util.Collections.unmodifiableMap(all);
        }

        public long skippedTotal() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }

        public long skipped(SkipReason reason) {
            return skipped.get(reason);
        }
    }
}
