package dev.herald.engine.testsupport;

import dev.herald.engine.imports.CleanedTransactions;
import dev.herald.engine.imports.CleanedTransactions.LineDraft;
import dev.herald.engine.imports.CleanedTransactions.OrderDraft;
import dev.herald.engine.imports.ImportProgress;
import dev.herald.engine.imports.TransactionImporter;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A purchase history whose RFM scores can be worked out by hand: customers C1..C10, customer i has i orders of
 * 100, the last one 10·i days before {@code asOf}. Stored through the real importer.
 */
public final class TenCustomerHistory {

    private TenCustomerHistory() {
    }

    public static void store(HeraldDatabase db, Clock clock, Instant asOf) {
        List<OrderDraft> orders = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            for (int j = 0; j < i; j++) {
                orders.add(new OrderDraft("inv-" + i + "-" + j, "C" + i, asOf.minus(Duration.ofDays(10L * i + j)),
                        "United Kingdom", List.of(new LineDraft("85123A", "Heart", 1, new BigDecimal("100")))));
            }
        }
        CleanedTransactions cleaned = new CleanedTransactions("test", "GBP", orders,
                new CleanedTransactions.Counts(55, 55, Map.of(), 0, 0, 0, 0, 10, 1));
        new TransactionImporter(db.transactions(), clock, 7).store(cleaned, ImportProgress.NONE);
    }
}
