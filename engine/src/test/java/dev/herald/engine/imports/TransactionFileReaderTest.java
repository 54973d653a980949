package dev.herald.engine.imports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionFileReaderTest {

    static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    @TempDir
    Path dir;

    @Test
    void eachCleaningRuleIsCountedOnceAndSkippedRowsKeepLineAndReason() throws IOException {
        Path file = write(HEADER
                + "1001,85123A,Heart,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"       // 2 accepted
                + "1001,85123A,Heart,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"       // 3 duplicate, kept
                + "1001,POST,Postage,1,2010-12-01 08:26:00,18.00,17850,United Kingdom\n"      // 4 non-product, kept
                + "C1002,85123A,Heart,-2,2010-12-02 09:00:00,2.55,17850,United Kingdom\n"     // 5 cancellation, matched
                + "C1003,22423,Cakestand,-1,2010-12-02 09:00:00,12.75,17850,United Kingdom\n" // 6 cancellation, unmatched
                + "1004,22423,Cakestand,1,2010-12-03 10:00:00,12.75,,United Kingdom\n"        // 7 missing customer
                + "1005,22423,Cakestand,0,2010-12-03 10:00:00,12.75,13047,United Kingdom\n"   // 8 quantity
                + "1006,22423,Cakestand,1,2010-12-03 10:00:00,0,13047,United Kingdom\n"       // 9 price
                + "1007,22423,Cakestand,x,2010-12-03 10:00:00,1,13047,United Kingdom\n"       // 10 malformed
                + "1007,22423,Cakestand,2,2010-12-03 10:00:00,12.75,13047.0,France\n");       // 11 accepted
        List<String> rejected = new ArrayList<>();
        CleanedTransactions result = new TransactionFileReader(ColumnMapping.onlineRetail(), CleaningPolicy.defaults())
                .read(file, header -> recording(rejected), ImportProgress.NONE);

        CleanedTransactions.Counts counts = result.counts();
        assertThat(counts.rowsRead()).isEqualTo(10);
        assertThat(counts.rowsAccepted()).isEqualTo(4);
        assertThat(counts.skipped(SkipReason.CANCELLATION)).isEqualTo(2);
        assertThat(counts.skipped(SkipReason.MISSING_CUSTOMER)).isEqualTo(1);
        assertThat(counts.skipped(SkipReason.NON_POSITIVE_QUANTITY)).isEqualTo(1);
        assertThat(counts.skipped(SkipReason.NON_POSITIVE_PRICE)).isEqualTo(1);
        assertThat(counts.skipped(SkipReason.MALFORMED)).isEqualTo(1);
        assertThat(counts.duplicatesKept()).isEqualTo(1);
        assertThat(counts.nonProductKept()).isEqualTo(1);
        assertThat(counts.cancellationsMatched()).isEqualTo(1);
        assertThat(counts.cancellationsUnmatched()).isEqualTo(1);
        assertThat(counts.customers()).isEqualTo(2);
        assertThat(result.orders()).extracting(CleanedTransactions.OrderDraft::invoice).containsExactly("1001", "1007");
        assertThat(result.orders().get(0).customerId()).isEqualTo("C17850");
        assertThat(result.orders().get(1).customerId()).isEqualTo("C13047");
        assertThat(result.orders().get(0).total()).isEqualByComparingTo("48.60");
        assertThat(rejected).contains("10 MALFORMED quantity 'x' is not an integer", "5 CANCELLATION cancellation",
                "7 MISSING_CUSTOMER missing customer id");
        assertThat(rejected).hasSize(6);
    }

    @Test
    void dropPoliciesSkipDuplicatesAndNonProductCodes() throws IOException {
        Path file = write(HEADER
                + "1001,85123A,Heart,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
                + "1001,85123A,Heart,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
                + "1001,POST,Postage,1,2010-12-01 08:26:00,18.00,17850,United Kingdom\n");
        CleanedTransactions result = new TransactionFileReader(ColumnMapping.onlineRetail(),
                new CleaningPolicy(true, true, "C", "GBP")).read(file, h -> RejectedRows.NONE, ImportProgress.NONE);
        assertThat(result.counts().rowsAccepted()).isEqualTo(1);
        assertThat(result.counts().skipped(SkipReason.EXACT_DUPLICATE)).isEqualTo(1);
        assertThat(result.counts().skipped(SkipReason.NON_PRODUCT_CODE)).isEqualTo(1);
    }

    @Test
    void columnMappingReadsAnotherLayout() throws IOException {
        Path file = write("Order,Sku,Name,Qty,When,Price,Client,Land\n"
                + "A-1,100,Mug,2,01/12/2010 08:26,3.50,77,Germany\n");
        ColumnMapping mapping = ColumnMapping.onlineRetail()
                .withHeaders(java.util.Map.of("invoice", "Order", "stock_code", "Sku", "description", "Name",
                        "quantity", "Qty", "invoice_date", "When", "price", "Price", "customer", "Client",
                        "country", "Land"))
                .withDateFormat("dd/MM/yyyy HH:mm", java.time.ZoneId.of("UTC"));
        CleanedTransactions result = new TransactionFileReader(mapping, CleaningPolicy.defaults())
                .read(file, h -> RejectedRows.NONE, ImportProgress.NONE);
        assertThat(result.orders()).singleElement().satisfies(o -> {
            assertThat(o.invoice()).isEqualTo("A-1");
            assertThat(o.customerId()).isEqualTo("C77");
            assertThat(o.orderedAt()).hasToString("2010-12-01T08:26:00Z");
        });
    }

    @Test
    void missingMappedColumnIsAClearError() throws IOException {
        Path file = write("InvoiceNo,StockCode\n1,2\n");
        assertThatThrownBy(() -> new TransactionFileReader(ColumnMapping.onlineRetail(), CleaningPolicy.defaults())
                .read(file, h -> RejectedRows.NONE, ImportProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'Description'").hasMessageContaining("--column description=HEADER");
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, content);
        return file;
    }

    private static RejectedRows recording(List<String> into) {
        return new RejectedRows() {
            @Override
            public void reject(long line, SkipReason reason, String detail, List<String> originalColumns) {
                into.add(line + " " + reason + " " + detail);
            }

            @Override
            public void close() {
            }
        };
    }
}
