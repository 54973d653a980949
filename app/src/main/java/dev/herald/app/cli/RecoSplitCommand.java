package dev.herald.app.cli;

import dev.herald.engine.reco.BasketSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code herald reco split}: a leave-last-basket split of a shop's own baskets, for {@code herald reco eval}. */
@Command(name = "split", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make a leave-last-basket split from your own order history, to evaluate recommenders on it"
                + " with 'herald reco eval'.",
                "",
                "--baskets lists one row per basket x product, with a header: customer_id, stock_code, basket, date"
                        + " (yyyy-MM-dd; a time after it is ignored). Tab-separated unless the name ends in .csv;"
                        + " gzip is fine. Each customer's baskets are put in time order (date, then basket id, as"
                        + " numbers when both are numbers). A customer with two or more baskets has the last one"
                        + " held out; the rest is training. A customer with one basket is training only.",
                "Writes DIR/train.tsv (customer_id, stock_code, basket, date) and DIR/test.tsv (customer_id,"
                        + " stock_code, is_new), the formats 'herald reco eval --train/--test' read.",
                "",
                "--until DATE keeps only baskets dated on or before DATE: a split shaped like the real one but a step"
                        + " back in time. Choose settings on such a split (e.g. --until 30 days before your last"
                        + " date) and read the real split once at the end; held-out baskets cut from the training"
                        + " data alone reward what helped earlier, not lately (docs/decisions/0052).",
                ""})
public class RecoSplitCommand implements Callable<Integer> {

    @Option(names = "--baskets", required = true, paramLabel = "FILE",
            description = "Your baskets: customer_id, stock_code, basket, date.")
    Path baskets;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory for train.tsv and test.tsv (created if missing).")
    Path out;

    @Option(names = "--until", paramLabel = "yyyy-MM-dd",
            description = "Keep only baskets dated on or before this day.")
    String until;

    @Option(names = "--force", description = "Overwrite train.tsv and test.tsv if they exist.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        LocalDate untilDay;
        try {
            untilDay = until == null ? null : LocalDate.parse(until);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--until must be a date yyyy-MM-dd, not '" + until + "'");
        }
        Path train = out.resolve("train.tsv");
        Path test = out.resolve("test.tsv");
        if (!force && (Files.exists(train) || Files.exists(test))) {
            throw new IllegalArgumentException(out + " already has train.tsv or test.tsv: add --force to overwrite"
                    + " them, or choose another --out");
        }
        Files.createDirectories(out);
        System.out.printf("Reading %s ...%n", baskets);
        BasketSplit.Result r = BasketSplit.write(baskets, untilDay, train, test);
        System.out.printf(Locale.ROOT, "Baskets from %s to %s%s; %,d customers, the last basket of %,d held out.%n",
                r.firstDay(), r.lastDay(), untilDay == null ? ""
                        : String.format(Locale.ROOT, " (%,d rows after %s left out)", r.droppedRows(), untilDay),
                r.customers(), r.heldOutCustomers());
        System.out.printf(Locale.ROOT, "Wrote %s (%,d rows) and %s (%,d rows).%n", train, r.trainRows(), test,
                r.testRows());
        System.out.printf("Next: herald reco eval --train %s --test %s [--protocol all] [--baseline popularity]%n",
                train, test);
        return 0;
    }
}
