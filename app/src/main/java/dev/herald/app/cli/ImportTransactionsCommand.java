package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import dev.herald.engine.imports.CleanedTransactions;
import dev.herald.engine.imports.CleaningPolicy;
import dev.herald.engine.imports.ColumnMapping;
import dev.herald.engine.imports.RejectedRows;
import dev.herald.engine.imports.SkipReason;
import dev.herald.engine.imports.TransactionFileReader;
import dev.herald.engine.imports.TransactionImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@code herald import transactions FILE}: orders from a transactions file, cleaned and counted. */
@Command(name = "transactions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import a transactions file (.csv or .csv.gz), one row per order line, into customers,"
                + " products and orders. The default layout is the UCI Online Retail file (InvoiceNo, StockCode,"
                + " Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country); map other layouts with"
                + " --column.",
                "Cleaning rules, each row counted under the first it breaks: malformed rows; cancellations (invoice"
                        + " C...), matched to the sale they cancel; missing customer id; quantity <= 0; unit price"
                        + " <= 0. Exact duplicates and non-product codes (POST, M, BANK CHARGES...) are counted and"
                        + " kept unless --drop-duplicates / --drop-non-product. Skipped rows are written with line"
                        + " and reason to --rejects.",
                "Idempotent and resumable: an order (invoice) already on record is skipped whole, and orders are"
                        + " committed in batches, so an interrupted import continues where it stopped.",
                "Example: herald import transactions data/online-retail/online_retail.csv.gz"})
public class ImportTransactionsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Transactions file, CSV with a header; gzip when it ends in .gz.")
    Path file;

    @Option(names = "--column", paramLabel = "FIELD=HEADER", mapFallbackValue = "",
            description = "Header holding a field, repeatable. Fields: invoice, stock_code, description, quantity,"
                    + " invoice_date, price, customer, country. Default: the UCI Online Retail headers.")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--date-format", paramLabel = "PATTERN", defaultValue = "yyyy-MM-dd HH:mm:ss",
            description = "Pattern of the invoice date (default: ${DEFAULT-VALUE}).")
    String dateFormat;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone of the file's dates (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--currency", paramLabel = "ISO", defaultValue = "GBP",
            description = "Currency of the prices (default: ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--customer-prefix", paramLabel = "TEXT", defaultValue = "C",
            description = "Prepended to customer ids, as in the demo's C17850 (default: ${DEFAULT-VALUE}).")
    String customerPrefix;

    @Option(names = "--drop-duplicates", description = "Skip exact copies of an accepted row (default: keep and count).")
    boolean dropDuplicates;

    @Option(names = "--drop-non-product", description = "Skip lines whose stock code does not start with a digit"
            + " (default: keep them as SERVICE products and count).")
    boolean dropNonProduct;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Where skipped rows go, with line and reason (default: DATA_DIR/imports/NAME.skipped.csv).")
    Path rejects;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Orders per transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": no such file or not readable");
        }
        HeraldConfig config = options.load(Map.of());
        ColumnMapping mapping = ColumnMapping.onlineRetail().withHeaders(columns)
                .withDateFormat(dateFormat, ZoneId.of(zone));
        CleaningPolicy policy = new CleaningPolicy(dropDuplicates, dropNonProduct, customerPrefix, currency);
        Path rejectsFile = rejects != null ? rejects : config.dataDir().resolve("imports")
                .resolve(file.getFileName().toString().replaceAll("\\.csv(\\.gz)?$", "") + ".skipped.csv");
        long start = System.nanoTime();
        ImportProgressBar bar = new ImportProgressBar(System.err);
        // the database (migrations, persistence unit) opens while the file is read
        CompletableFuture<ImportDatabase> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return ImportDatabase.open(config);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        CleanedTransactions cleaned;
        try {
            cleaned = new TransactionFileReader(mapping, policy)
                    .read(file, header -> RejectedRows.toCsv(rejectsFile, header), bar);
        } catch (RuntimeException e) {
            opening.thenAccept(ImportDatabase::close);
            throw e;
        }
        TransactionImporter.StoreResult stored;
        String database;
        try (ImportDatabase db = join(opening)) {
            database = db.description();
            stored = new TransactionImporter(db.transactions(), Clock.systemUTC(), batch).store(cleaned, bar);
        }
        bar.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        print(cleaned.counts(), stored, rejectsFile, database, seconds);
        return 0;
    }

    private static ImportDatabase join(CompletableFuture<ImportDatabase> opening) throws Exception {
        try {
            return opening.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void print(CleanedTransactions.Counts c, TransactionImporter.StoreResult s, Path rejectsFile,
                              String database, double seconds) {
        System.out.printf(Locale.ROOT, "Rows read:                 %,d%n", c.rowsRead());
        System.out.printf(Locale.ROOT, "Rows accepted:             %,d (%,d customers, %,d products)%n",
                c.rowsAccepted(), c.customers(), c.products());
        System.out.printf(Locale.ROOT, "Rows skipped:              %,d, written to %s%n", c.skippedTotal(), rejectsFile);
        for (SkipReason reason : SkipReason.values()) {
            if (c.skipped(reason) > 0) {
                System.out.printf(Locale.ROOT, "  %-24s %,d%n", reason.label() + ":", c.skipped(reason));
            }
        }
        System.out.printf(Locale.ROOT, "Cancellations matched:     %,d to their sale, %,d without one in the file%n",
                c.cancellationsMatched(), c.cancellationsUnmatched());
        System.out.printf(Locale.ROOT, "Exact duplicates kept:     %,d%n", c.duplicatesKept());
        System.out.printf(Locale.ROOT, "Non-product lines kept:    %,d%n", c.nonProductKept());
        System.out.printf(Locale.ROOT, "Orders stored:             %,d (%,d lines); %,d already on record, skipped%n",
                s.ordersStored(), s.linesStored(), s.ordersAlreadyPresent());
        System.out.printf(Locale.ROOT, "Customers / products new:  %,d / %,d%n", s.customersCreated(), s.productsCreated());
        System.out.printf(Locale.ROOT, "Database:                  %s%n", database);
        System.out.printf(Locale.ROOT, "summary rows=%d accepted=%d skipped=%d orders_stored=%d orders_present=%d"
                        + " customers=%d seconds=%.1f%n", c.rowsRead(), c.rowsAccepted(), c.skippedTotal(),
                s.ordersStored(), s.ordersAlreadyPresent(), c.customers(), seconds);
    }
}
