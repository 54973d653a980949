package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Baskets by hand: c1 buys {A, B} on 1 Jan and {A, C} on 1 Feb; c2 buys {A} once; c3 buys {D, B} in basket 2 and {B}
 * in basket 10, both on 1 Mar (so basket 10 is the later one, though "10" sorts before "2" as text).
 */
class BasketSplitTest {

    @TempDir
    Path dir;

    private Path baskets() throws IOException {
        Path file = dir.resolve("baskets.csv");
        Files.writeString(file, "customer_id,stock_code,basket,date\n"
                + "c1,A,b1,2011-01-01\nc1,B,b1,2011-01-01\nc1,A,b2,2011-02-01 10:15\nc1,C,b2,2011-02-01\n"
                + "c2,A,x,2011-01-05\n"
                + "c3,B,10,2011-03-01\nc3,D,2,2011-03-01\nc3,B,2,2011-03-01\nc3,B,2,2011-03-01\n");
        return file;
    }

    @Test
    void eachCustomersLastBasketIsHeldOutAndTheRestTrains() throws IOException {
        BasketSplit.Result r = BasketSplit.write(baskets(), null, dir.resolve("train.tsv"), dir.resolve("test.tsv"));

        assertThat(Files.readAllLines(dir.resolve("train.tsv"))).containsExactly(
                "customer_id\tstock_code\tbasket\tdate",
                "c1\tA\tb1\t2011-01-01", "c1\tB\tb1\t2011-01-01",
                "c2\tA\tx\t2011-01-05",
                "c3\tD\t2\t2011-03-01", "c3\tB\t2\t2011-03-01");
        assertThat(Files.readAllLines(dir.resolve("test.tsv"))).containsExactly(
                "customer_id\tstock_code\tis_new",
                "c1\tA\t0", "c1\tC\t1",
                "c3\tB\t0");
        assertThat(r.customers()).isEqualTo(3);
        assertThat(r.heldOutCustomers()).isEqualTo(2);
        assertThat(r.trainRows()).isEqualTo(5);
        assertThat(r.testRows()).isEqualTo(3);
        assertThat(r.firstDay()).isEqualTo(LocalDate.of(2011, 1, 1));
        assertThat(r.lastDay()).isEqualTo(LocalDate.of(2011, 3, 1));
    }

    @Test
    void theSplitIsReadByTheEvaluation() throws IOException {
        BasketSplit.write(baskets(), null, dir.resolve("train.tsv"), dir.resolve("test.tsv"));
        InteractionMatrix train = InteractionFiles.read(dir.resolve("train.tsv"));
        HeldOutBaskets test = HeldOutBaskets.read(dir.resolve("test.tsv"), train);

        assertThat(train.numUsers()).isEqualTo(3);
        assertThat(train.numInteractions()).isEqualTo(5);
        assertThat(test.baskets()).hasSize(2);
        assertThat(test.baskets().get(0).newItems()).hasSize(1);  // C, unknown to training
    }

    @Test
    void untilDropsLaterBasketsFirst() throws IOException {
        BasketSplit.Result r = BasketSplit.write(baskets(), LocalDate.of(2011, 2, 1), dir.resolve("train.tsv"),
                dir.resolve("test.tsv"));

        // c3's baskets are after the day; c1 keeps both, c2 its one
        assertThat(Files.readAllLines(dir.resolve("test.tsv"))).containsExactly(
                "customer_id\tstock_code\tis_new", "c1\tA\t0", "c1\tC\t1");
        assertThat(r.customers()).isEqualTo(2);
        assertThat(r.droppedRows()).isEqualTo(4);
        assertThat(r.lastDay()).isEqualTo(LocalDate.of(2011, 2, 1));
    }

    @Test
    void nothingToHoldOutIsAnError() throws IOException {
        Path train = dir.resolve("train.tsv");
        assertThatThrownBy(() -> BasketSplit.write(baskets(), LocalDate.of(2011, 1, 31), train,
                dir.resolve("test.tsv")))
                .isInstanceOf(InteractionFileException.class)
                .hasMessageContaining("no customer has two or more baskets dated on or before 2011-01-31");
        assertThat(train).doesNotExist();
    }

    @Test
    void badFilesAreReportedWithTheirLine() throws IOException {
        Path noDate = dir.resolve("no-date.tsv");
        Files.writeString(noDate, "customer_id\tstock_code\tbasket\nc1\tA\t1\n");
        assertThatThrownBy(() -> BasketSplit.write(noDate, null, dir.resolve("a.tsv"), dir.resolve("b.tsv")))
                .hasMessageContaining("no column last_purchase or last_purchased or date");

        Path badDate = dir.resolve("bad-date.tsv");
        Files.writeString(badDate, "customer_id\tstock_code\tbasket\tdate\nc1\tA\t1\t2011-01-01\nc1\tB\t2\tsoon\n");
        assertThatThrownBy(() -> BasketSplit.write(badDate, null, dir.resolve("a.tsv"), dir.resolve("b.tsv")))
                .hasMessageContaining(badDate + ":3: date 'soon' is not yyyy-MM-dd");

        Path emptyBasket = dir.resolve("empty-basket.tsv");
        Files.writeString(emptyBasket, "customer_id\tstock_code\tbasket\tdate\nc1\tA\t\t2011-01-01\n");
        assertThatThrownBy(() -> BasketSplit.write(emptyBasket, null, dir.resolve("a.tsv"), dir.resolve("b.tsv")))
                .hasMessageContaining(emptyBasket + ":2: empty basket id");

        Path tab = dir.resolve("tab.csv");
        Files.writeString(tab, "customer_id,stock_code,basket,date\nc1,\"A\tB\",1,2011-01-01\n");
        assertThatThrownBy(() -> BasketSplit.write(tab, null, dir.resolve("a.tsv"), dir.resolve("b.tsv")))
                .hasMessageContaining(tab + ":2: a value holds a tab or a line break: 'A\\tB'");
    }

    @Test
    void basketIdsCompareAsNumbersWhenBothAreNumbers() {
        assertThat(BasketSplit.compareIds("2", "10")).isNegative();
        assertThat(BasketSplit.compareIds("010", "9")).isPositive();
        assertThat(BasketSplit.compareIds("007", "7")).isZero();
        assertThat(BasketSplit.compareIds("b10", "b2")).isNegative();  // text: '1' < '2'
        assertThat(BasketSplit.compareIds("536365", "C536379")).isNegative();
    }
}
