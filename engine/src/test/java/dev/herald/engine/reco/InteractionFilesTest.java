package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InteractionFilesTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsTabSeparatedTrainingFileWithCounts() throws IOException {
        Path file = write("train.tsv", "customer_id\tstock_code\tn_baskets\n1\tA\t2\n1\tB\t1\n2\tA\t3\n");
        InteractionMatrix m = InteractionFiles.read(file);
        assertThat(m.numUsers()).isEqualTo(2);
        assertThat(m.numItems()).isEqualTo(2);
        assertThat(m.history(Fixtures.user(m, "2")).count(Fixtures.item(m, "A"))).isEqualTo(3f);
    }

    @Test
    void readsCsvWithOtherColumnNamesQuotesAndNoCount() throws IOException {
        Path file = write("t.csv", "InvoiceNo,CustomerID,StockCode\n1,\"17850\",85123A\n2,17850,\"71053\"\n");
        InteractionMatrix m = InteractionFiles.read(file);
        assertThat(m.numInteractions()).isEqualTo(2);
        assertThat(m.history(0).counts()).containsExactly(1f, 1f);
    }

    @Test
    void tabSeparatedFilesSkipBlankLinesCountLinesAndHonourQuotesWithinALine() throws IOException {
        Path file = write("q.tsv", "customer_id\tstock_code\tlast_purchase\r\n1\t\"A\tB\"\t2011-03-04\r\n\n 2 \t C \t2011-12-09 10:00\n");
        InteractionMatrix m = InteractionFiles.read(file);
        assertThat(m.numInteractions()).isEqualTo(2);
        assertThat(Fixtures.item(m, "A\tB")).isGreaterThanOrEqualTo(0);
        assertThat(m.history(Fixtures.user(m, "2")).contains(Fixtures.item(m, "C"))).isTrue();
        assertThat(m.newestDay()).isEqualTo(java.time.LocalDate.of(2011, 12, 9).toEpochDay());

        Path tabsOnly = write("t.tsv", "customer_id\tstock_code\n1\tA\n\t\n");
        assertThatThrownBy(() -> InteractionFiles.read(tabsOnly)).hasMessage(tabsOnly + ":3: empty customer id");
        Path tooMany = write("m.tsv", "customer_id\tstock_code\n1\tA\tX\n");
        assertThatThrownBy(() -> InteractionFiles.read(tooMany)).hasMessage(tooMany
                + ":2: expected 2 columns like the header, found 3");
        Path openQuote = write("o.tsv", "customer_id\tstock_code\n1\t\"A\nB\"\n");
        assertThatThrownBy(() -> InteractionFiles.read(openQuote)).hasMessageStartingWith(openQuote + ":2: cannot parse");
        Path noSuchDay = write("d.tsv", "customer_id\tstock_code\tlast_purchase\n1\tA\t2011-02-30\n");
        assertThatThrownBy(() -> InteractionFiles.read(noSuchDay)).hasMessage(noSuchDay
                + ":2: date '2011-02-30' is not yyyy-MM-dd");
    }

    @Test
    void readsGzip() throws IOException {
        Path file = dir.resolve("train.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("customer_id\tstock_code\n1\tA\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(InteractionFiles.read(file).numInteractions()).isEqualTo(1);
    }

    @Test
    void reportsFileLineAndReasonForABadCount() throws IOException {
        Path file = write("train.tsv", "customer_id\tstock_code\tn_baskets\n1\tA\t2\n1\tB\tmany\n");
        assertThatThrownBy(() -> InteractionFiles.read(file)).isInstanceOf(InteractionFileException.class)
                .hasMessage(file + ":3: count 'many' is not a number");
    }

    @Test
    void reportsWrongColumnCountEmptyIdAndNegativeCount() throws IOException {
        Path columns = write("a.tsv", "customer_id\tstock_code\n1\tA\n2\n");
        assertThatThrownBy(() -> InteractionFiles.read(columns)).hasMessage(columns
                + ":3: expected 2 columns like the header, found 1");
        Path empty = write("b.tsv", "customer_id\tstock_code\n\tA\n");
        assertThatThrownBy(() -> InteractionFiles.read(empty)).hasMessage(empty + ":2: empty customer id");
        Path negative = write("c.tsv", "customer_id\tstock_code\tcount\n1\tA\t-1\n");
        assertThatThrownBy(() -> InteractionFiles.read(negative)).hasMessage(negative
                + ":2: count must be positive, got '-1'");
    }

    @Test
    void reportsMissingColumnsWrongDelimiterEmptyAndMissingFiles() throws IOException {
        Path noProduct = write("a.tsv", "customer_id\tprice\n1\t2\n");
        assertThatThrownBy(() -> InteractionFiles.read(noProduct)).hasMessageStartingWith(noProduct
                + ":1: no column stock_code or ").hasMessageContaining("[customer_id, price]");
        Path commas = write("b.tsv", "customer_id,stock_code\n1,A\n");
        assertThatThrownBy(() -> InteractionFiles.read(commas)).hasMessageContaining(commas + ":1:")
                .hasMessageContaining("delimiter");
        Path empty = write("c.tsv", "");
        assertThatThrownBy(() -> InteractionFiles.read(empty)).hasMessage(empty
                + ": the file is empty (a header row is expected)");
        Path headerOnly = write("d.tsv", "customer_id\tstock_code\n");
        assertThatThrownBy(() -> InteractionFiles.read(headerOnly)).hasMessage(headerOnly
                + ": no data rows after the header");
        Path missing = dir.resolve("nope.tsv");
        assertThatThrownBy(() -> InteractionFiles.read(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void readsLastPurchaseDatesKeepingTheLatestForRepeatedPairs() throws IOException {
        Path file = write("dated.csv", "CustomerID,StockCode,InvoiceDate\n"
                + "1,A,2011-01-02 10:00:00\n1,A,2011-03-04 09:00:00\n1,B,2010-12-01\n");
        InteractionMatrix m = InteractionFiles.read(file);
        assertThat(m.hasDays()).isTrue();
        int a = Fixtures.item(m, "A");
        int at = m.userStart(0) + (m.itemAt(m.userStart(0)) == a ? 0 : 1);
        assertThat(m.lastDayAt(at)).isEqualTo(java.time.LocalDate.of(2011, 3, 4).toEpochDay());
        assertThat(m.history(0).count(a)).isEqualTo(2f);
        assertThat(m.newestDay()).isEqualTo(java.time.LocalDate.of(2011, 3, 4).toEpochDay());
        Path bad = write("bad.csv", "CustomerID,StockCode,InvoiceDate\n1,A,04/03/2011\n");
        assertThatThrownBy(() -> InteractionFiles.read(bad)).hasMessage(bad
                + ":2: date '04/03/2011' is not yyyy-MM-dd");
        assertThat(InteractionFiles.read(write("plain.tsv", "customer_id\tstock_code\n1\tA\n")).hasDays())
                .isFalse();
    }

    @Test
    void heldOutFileNeedsIsNewZeroOrOne() throws IOException {
        InteractionMatrix m = Fixtures.abc();
        Path bad = write("test.tsv", "customer_id\tstock_code\tis_new\nu0\tC\tyes\n");
        assertThatThrownBy(() -> HeldOutBaskets.read(bad, m)).hasMessage(bad
                + ":2: is_new must be 0 or 1, got 'yes'");
        Path good = write("test2.tsv", "customer_id\tstock_code\tis_new\nu0\tC\t1\nu0\tQ\t1\nu0\tA\t0\n");
        HeldOutBaskets.Basket basket = HeldOutBaskets.read(good, m).baskets().get(0);
        assertThat(basket.allItems()).hasSize(3);
        assertThat(basket.newItems()).hasSize(2).contains(Fixtures.item(m, "C"));
    }

    @Test
    void aBasketFileCountsDistinctBasketsPerProductAndKeepsTheLatestDate() throws IOException {
        // customer 1: basket 1 (A twice on two lines, B), basket 2 (A); customer 2: basket 1 (B)
        Path baskets = write("baskets.tsv", "customer_id\tstock_code\tbasket\tdate\n"
                + "1\tA\t1\t2011-01-02\n1\tA\t1\t2011-01-02\n1\tB\t1\t2011-01-02\n"
                + "1\tA\t2\t2011-03-04\n2\tB\t1\t2011-02-01\n");
        Path summary = write("dated.tsv", "customer_id\tstock_code\tn_baskets\tlast_purchase\n"
                + "1\tA\t2\t2011-03-04\n1\tB\t1\t2011-01-02\n2\tB\t1\t2011-02-01\n");
        InteractionMatrix fromBaskets = InteractionFiles.read(baskets);
        InteractionMatrix fromSummary = InteractionFiles.read(summary);

        int one = Fixtures.user(fromBaskets, "1");
        assertThat(fromBaskets.history(one).count(Fixtures.item(fromBaskets, "A"))).isEqualTo(2f);
        assertThat(fromBaskets.history(one).count(Fixtures.item(fromBaskets, "B"))).isEqualTo(1f);
        assertThat(fromBaskets.numInteractions()).isEqualTo(fromSummary.numInteractions()).isEqualTo(3);
        for (int k = 0; k < fromBaskets.numInteractions(); k++) {
            assertThat(fromBaskets.itemAt(k)).isEqualTo(fromSummary.itemAt(k));
            assertThat(fromBaskets.userCountAt(k)).isEqualTo(fromSummary.userCountAt(k));
            assertThat(fromBaskets.lastDayAt(k)).isEqualTo(fromSummary.lastDayAt(k));
        }
        assertThat(fromBaskets.newestDay()).isEqualTo(java.time.LocalDate.of(2011, 3, 4).toEpochDay());
    }

    @Test
    void aBasketFileNeedsBasketIdsAndNoCountColumn() throws IOException {
        Path emptyBasket = write("e.tsv", "customer_id\tstock_code\tbasket\tdate\n1\tA\t1\t2011-01-02\n"
                + "1\tB\t\t2011-01-02\n");
        assertThatThrownBy(() -> InteractionFiles.read(emptyBasket)).isInstanceOf(InteractionFileException.class)
                .hasMessage(emptyBasket + ":3: empty basket id");
        Path withCount = write("c.tsv", "customer_id\tstock_code\tbasket\tn_baskets\n1\tA\t1\t2\n");
        assertThatThrownBy(() -> InteractionFiles.read(withCount)).hasMessage(withCount
                + ":1: a basket file (column basket) has no count column: a product's count is the number of"
                + " baskets it is in");
        Path badDate = write("d.tsv", "customer_id\tstock_code\tbasket\tdate\n1\tA\t7\t2011-13-01\n");
        assertThatThrownBy(() -> InteractionFiles.read(badDate)).hasMessage(badDate
                + ":2: date '2011-13-01' is not yyyy-MM-dd");
    }
}
