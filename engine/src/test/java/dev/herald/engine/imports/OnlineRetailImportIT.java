package dev.herald.engine.imports;

import dev.herald.engine.persistence.HeraldPersistence;
import dev.herald.engine.persistence.ResourceLocalTransactions;
import dev.herald.engine.testsupport.HeraldDatabase;
import jakarta.persistence.EntityManagerFactory;
import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports the real UCI Online Retail file (541,909 rows, shipped in data/online-retail) into H2 and checks
 * the cleaning counts against the figures published with the data set, then that an interrupted import
 * resumes and a re-import adds nothing.
 */
class OnlineRetailImportIT {

    static final Path FILE = Path.of("..", "data", "online-retail", "online_retail.csv.gz");

    @TempDir
    static Path dir;

    static CleanedTransactions cleaned;
    static HeraldDatabase db;
    static EntityManagerFactory bulk;

    @BeforeAll
    static void readFile() {
        assertThat(FILE).exists();
        cleaned = new TransactionFileReader(ColumnMapping.onlineRetail(), CleaningPolicy.defaults())
                .read(FILE, header -> RejectedRows.NONE, ImportProgress.NONE);
        db = HeraldDatabase.open(TestDatabases.h2(dir));
        // JDBC batches as large as the import command's (the service's unit keeps 50)
        bulk = HeraldPersistence.createEntityManagerFactory(db.dataSource(), Map.of("hibernate.jdbc.batch_size", "1000"));
    }

    @AfterAll
    static void close() {
        bulk.close();
        db.close();
    }

    @Test
    void cleaningCountsMatchThePublishedFigures() {
        CleanedTransactions.Counts counts = cleaned.counts();
        assertThat(counts.rowsRead()).isEqualTo(541_909);
        assertThat(counts.rowsAccepted()).isEqualTo(397_884);
        assertThat(counts.customers()).isEqualTo(4_338);
        assertThat(counts.skipped(SkipReason.CANCELLATION)).isEqualTo(9_288);
        assertThat(counts.skipped(SkipReason.MALFORMED)).isZero();
        assertThat(counts.rowsAccepted() + counts.skippedTotal()).isEqualTo(counts.rowsRead());
        assertThat(counts.cancellationsMatched() + counts.cancellationsUnmatched()).isEqualTo(9_288);
        assertThat(counts.cancellationsMatched()).isPositive();
        assertThat(counts.duplicatesKept()).isEqualTo(5_192);
        assertThat(counts.nonProductKept()).isEqualTo(1_547);
        assertThat(cleaned.orders()).hasSize(18_532);
    }

    @Test
    void interruptedImportResumesAndReimportAddsNothing() {
        TransactionImporter importer = new TransactionImporter(new ResourceLocalTransactions(bulk), Clock.systemUTC());
        int firstPart = 5_000;
        CleanedTransactions interrupted = new CleanedTransactions(cleaned.source(), cleaned.currency(),
                cleaned.orders().subList(0, firstPart), cleaned.counts());
        importer.store(interrupted, ImportProgress.NONE);

        TransactionImporter.StoreResult resumed = importer.store(cleaned, ImportProgress.NONE);
        assertThat(resumed.ordersAlreadyPresent()).isEqualTo(firstPart);
        assertThat(resumed.ordersStored()).isEqualTo(18_532 - firstPart);
        assertThat(db.count("customer")).isEqualTo(4_338);
        assertThat(db.count("customer_order")).isEqualTo(18_532);
        assertThat(db.count("order_line")).isEqualTo(397_884);
        assertThat(db.count("product")).isEqualTo(cleaned.counts().products());
        BigDecimal spend = (BigDecimal) db.row("select sum(lifetime_spend) as s from customer").get("s");
        assertThat(spend).isEqualByComparingTo("8911407.904");
        Map<String, Long> before = db.counts();

        TransactionImporter.StoreResult again = importer.store(cleaned, ImportProgress.NONE);
        assertThat(again.ordersStored()).isZero();
        assertThat(again.ordersAlreadyPresent()).isEqualTo(18_532);
        assertThat(db.counts()).isEqualTo(before);
        assertThat((BigDecimal) db.row("select sum(lifetime_spend) as s from customer").get("s"))
                .isEqualByComparingTo(spend);
        assertThat(db.row("select order_count from customer where id = 'C12346'").get("order_count"))
                .isEqualTo(1L);
    }
}
