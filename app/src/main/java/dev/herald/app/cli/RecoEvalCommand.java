package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.reco.HeldOutBaskets;
import dev.herald.engine.reco.InteractionFiles;
import dev.herald.engine.reco.InteractionMatrix;
import dev.herald.engine.reco.OfflineEvaluation;
import dev.herald.engine.reco.PairedComparison;
import dev.herald.engine.reco.ProductCatalog;
import dev.herald.engine.reco.RecommenderAlgorithm;
import dev.herald.engine.reco.Recommenders;
import dev.herald.engine.reco.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald reco eval}: offline evaluation of a recommender on a leave-last-basket split. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a recommender offline: train it on --train, recommend the top 10 products for every"
                + " customer, and compare with the customers' held-out last baskets in --test.",
                "",
                "Files have a header row; tab-separated unless the name ends in .csv; gzip is fine.",
                "  --train: customer_id, stock_code[, n_baskets][, last_purchase]  (one row per customer x product;"
                        + " the count defaults to 1)",
                "           or customer_id, stock_code, basket, date  (one row per basket x product; a product's"
                        + " count = the distinct baskets it is in, its last_purchase = the latest date)",
                "  --test:  customer_id, stock_code, is_new       (is_new = 1 when not bought in training)",
                "A copy of the Online Retail split is in data/online-retail/{train,test}.tsv; train-dated.tsv adds"
                        + " last_purchase (yyyy-MM-dd) to the same training pairs; train-baskets.tsv lists the"
                        + " training baskets themselves and builds the same model as train-dated.tsv.",
                "",
                "Protocols: 'new' recommends only products the customer has not bought and counts as targets"
                        + " the new products of the last basket; 'all' may recommend products bought before and"
                        + " counts the whole last basket.",
                "Metrics (over customers with at least one target): HR@10 = share with a hit in the top 10;"
                        + " Recall@10 = hits / targets; NDCG@10 with binary gains, ideal DCG over"
                        + " min(targets, 10); coverage = share of the catalogue in anyone's top 10; train and"
                        + " recommend-all times in seconds. HR@10, Recall@10 and NDCG@10 come with their standard"
                        + " error over the evaluated customers (one held-out basket each is a small sample).",
                "With --baseline NAME, NAME is evaluated on the same split too and each metric's difference is"
                        + " reported paired customer by customer, with its standard error and 95%% interval:"
                        + " 'better' or 'worse' only when the interval excludes zero. That holds for one comparison:"
                        + " the best of many recommenders tried on one split needs a stricter bar.",
                "With --protocol all it also says where the misses are: customers whose last basket held a"
                        + " product they had bought before that the top 10 left out (the ranking of repeats), and"
                        + " customers whose last basket held only products new to them (the choice of new products).",
                "With --json the last line is one JSON object with keys hr10, recall10, ndcg10, coverage,"
                        + " train_s, recommend_all_s, customers, algo (and hr10_se, recall10_se, ndcg10_se, protocol,"
                        + " threads; with --protocol all, misses_bought_before and misses_new_only; with --baseline,"
                        + " an object 'baseline' with its figures and the differences).",
                "",
                "Recommenders: " + RecoEvalCommand.ALGORITHMS_HELP,
                ""})
public class RecoEvalCommand implements Callable<Integer> {

    static final String ALGORITHMS_HELP = "hybrid (the default, which campaigns use: EASE + item-kNN + popularity;"
            + " with --protocol all the customer's own staples come first, moved up by the last 30 days' popularity"
            + " when --train has a last_purchase column), popularity, history (re-buy),"
            + " item-knn (cosine), item-knn-jaccard, item-knn-asymmetric, user-knn, ease (linear item model),"
            + " als (implicit matrix factorisation), content (TF-IDF on product descriptions and categories;"
            + " needs --products).";

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training purchases.")
    Path train;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Held-out last baskets.")
    Path test;

    @Option(names = "--algo", paramLabel = "NAME", defaultValue = Recommenders.DEFAULT,
            completionCandidates = AlgorithmNames.class,
            description = "Recommender: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--protocol", paramLabel = "new|all", defaultValue = "new",
            description = "new = exclude products already bought; all = they may come back (default:"
                    + " ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--baseline", paramLabel = "NAME", completionCandidates = AlgorithmNames.class,
            description = "Also evaluate NAME on the same split and report each metric's paired difference"
                    + " (--algo minus NAME) with its standard error and 95%% interval, e.g. --baseline popularity.")
    String baseline;

    @Option(names = "--products", paramLabel = "FILE",
            description = "Product attributes for the content recommender: stock_code, description[, category,"
                    + " unit_price, available], e.g. data/online-retail/products.tsv.")
    Path products;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for training and scoring (default: one per processor). Results are the same"
                    + " for any thread count.")
    Integer threads;

    @Option(names = "--tune", description = "Re-tune the hybrid's blend weights on a validation split carved from"
            + " --train (slower; the built-in weights were tuned that way on the Online Retail training data).")
    boolean tune;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Train and recommend N times and report the last run, to time a warmed-up JVM"
                    + " (default: ${DEFAULT-VALUE}: a cold start, as a one-off command sees it).")
    int repeat;

    @Option(names = "--json", description = "End with one line of JSON (for scripts and benchmarks).")
    boolean json;

    /** Completion candidates and help text for --algo. */
    static final class AlgorithmNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Recommenders.names().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        OfflineEvaluation.Protocol chosen = switch (protocol.toLowerCase(Locale.ROOT)) {
            case "new" -> OfflineEvaluation.Protocol.NEW;
            case "all" -> OfflineEvaluation.Protocol.ALL;
            default -> throw new IllegalArgumentException("--protocol must be 'new' or 'all', not '" + protocol + "'");
        };
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1");
        }
        if (tune && !algorithm.equals("hybrid")) {
            throw new IllegalArgumentException("--tune applies to --algo hybrid only");
        }
        if (baseline != null && baseline.equals(algorithm) && !tune) {
            throw new IllegalArgumentException("--baseline " + baseline + " is the recommender being evaluated:"
                    + " name another one (or add --tune to compare the re-tuned hybrid with the built-in one)");
        }
        ProductCatalog catalog = products == null ? null : ProductCatalog.read(products);
        RecommenderAlgorithm recommender = tune ? Recommenders.hybridTuned(chosen.excludeBought())
                : Recommenders.byName(algorithm, chosen.excludeBought(), catalog);
        RecommenderAlgorithm baselineRecommender = baseline == null ? null
                : Recommenders.byName(baseline, chosen.excludeBought(), catalog);
        long start = System.nanoTime();
        System.out.printf("Loading %s ...%n", train);
        InteractionMatrix matrix = InteractionFiles.read(train);
        HeldOutBaskets heldOut = HeldOutBaskets.read(test, matrix);
        System.out.printf(Locale.ROOT, "Training data: %,d customers, %,d products, %,d customer x product pairs;"
                        + " %,d held-out baskets (loaded in %.1f s)%n", matrix.numUsers(), matrix.numItems(),
                matrix.numInteractions(), heldOut.baskets().size(), (System.nanoTime() - start) / 1e9);
        OfflineEvaluation.Result result = null;
        OfflineEvaluation.Result baselineResult = null;
        try (WorkerPool pool = new WorkerPool(threadCount)) {
            for (int run = 1; run <= repeat; run++) {
                System.out.printf("Training %s and recommending for every customer on %d thread%s%s ...%n",
                        algorithm, threadCount, threadCount == 1 ? "" : "s",
                        repeat > 1 ? " (run " + run + " of " + repeat + ")" : "");
                result = OfflineEvaluation.run(recommender, matrix, heldOut, chosen, pool);
            }
            if (baselineRecommender != null) {
                System.out.printf("Training the baseline %s and recommending for every customer ...%n", baseline);
                baselineResult = OfflineEvaluation.run(baselineRecommender, matrix, heldOut, chosen, pool);
            }
        }
        print(result, baselineResult, matrix);
        return 0;
    }

    private void print(OfflineEvaluation.Result r, OfflineEvaluation.Result base, InteractionMatrix matrix)
            throws Exception {
        System.out.printf(Locale.ROOT, "%nRecommender %s, protocol %s (%s), %d customers evaluated%n", r.algorithm(),
                r.protocol().name().toLowerCase(Locale.ROOT), r.protocol().excludeBought()
                        ? "top 10 excluding products already bought; targets = new products of the last basket"
                        : "top 10, bought products allowed; targets = the whole last basket", r.customers());
        System.out.printf(Locale.ROOT, "  HR@10       %.4f  (± %s standard error)%n", r.hitRate(), se(r.hitRateSe()));
        System.out.printf(Locale.ROOT, "  Recall@10   %.4f  (± %s)%n", r.recall(), se(r.recallSe()));
        System.out.printf(Locale.ROOT, "  NDCG@10     %.4f  (± %s)%n", r.ndcg(), se(r.ndcgSe()));
        System.out.printf(Locale.ROOT, "  Coverage    %.4f (%,d of %,d products appear in someone's top 10)%n",
                r.coverage(), Math.round(r.coverage() * matrix.numItems()), matrix.numItems());
        OfflineEvaluation.Misses misses = r.misses();
        if (r.protocol() == OfflineEvaluation.Protocol.ALL) {
            System.out.printf(Locale.ROOT, "  Misses      %,d customer%s: %,d held out a product they had bought before"
                    + " that the top 10 left out, %,d only products new to them%n", misses.total(),
                    misses.total() == 1 ? "" : "s", misses.boughtBefore(), misses.newOnly());
        }
        System.out.printf(Locale.ROOT, "  Train       %.3f s%n", r.trainSeconds());
        System.out.printf(Locale.ROOT, "  Recommend   %.3f s (top 10 for all %,d customers)%n",
                r.recommendAllSeconds(), matrix.numUsers());
        System.out.printf(Locale.ROOT, "  Total       %.3f s on %d thread%s%n", r.trainSeconds()
                + r.recommendAllSeconds(), r.threads(), r.threads() == 1 ? "" : "s");
        PairedComparison comparison = base == null ? null : PairedComparison.of(r, base);
        if (comparison != null) {
            printComparison(comparison, base);
        }
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("hr10", round(r.hitRate()));
            line.put("recall10", round(r.recall()));
            line.put("ndcg10", round(r.ndcg()));
            line.put("coverage", round(r.coverage()));
            line.put("train_s", round(r.trainSeconds()));
            line.put("recommend_all_s", round(r.recommendAllSeconds()));
            line.put("customers", r.customers());
            line.put("algo", r.algorithm());
            line.put("protocol", r.protocol().name().toLowerCase(Locale.ROOT));
            line.put("threads", r.threads());
            line.put("hr10_se", roundOrNull(r.hitRateSe()));
            line.put("recall10_se", roundOrNull(r.recallSe()));
            line.put("ndcg10_se", roundOrNull(r.ndcgSe()));
            if (r.protocol() == OfflineEvaluation.Protocol.ALL) {
                line.put("misses_bought_before", misses.boughtBefore());
                line.put("misses_new_only", misses.newOnly());
            }
            if (comparison != null) {
                line.put("baseline", baselineJson(base, comparison));
            }
            System.out.println(new ObjectMapper().writeValueAsString(line));
        }
    }

    private static void printComparison(PairedComparison c, OfflineEvaluation.Result base) {
        System.out.printf(Locale.ROOT, "%nBaseline %s: HR@10 %.4f, Recall@10 %.4f, NDCG@10 %.4f%n", c.baseline(),
                base.hitRate(), base.recall(), base.ndcg());
        System.out.printf(Locale.ROOT, "%s minus %s, paired over the same %,d customers (%.0f%% interval):%n",
                c.candidate(), c.baseline(), c.customers(), PairedComparison.CONFIDENCE * 100);
        printDifference("HR@10", c.hitRate());
        printDifference("Recall@10", c.recall());
        printDifference("NDCG@10", c.ndcg());
    }

    private static void printDifference(String metric, PairedComparison.Difference d) {
        String verdict = switch (d.verdict()) {
            case 1 -> "better";
            case -1 -> "worse";
            default -> "no difference shown";
        };
        System.out.printf(Locale.ROOT, "  %-11s %+.4f  ± %s SE  [%s, %s]  %s%n", metric, d.mean(),
                se(d.standardError()), signed(d.low()), signed(d.high()), Double.isNaN(d.low())
                        ? "too few customers to tell" : verdict);
    }

    private static Map<String, Object> baselineJson(OfflineEvaluation.Result base, PairedComparison c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("algo", base.algorithm());
        out.put("hr10", round(base.hitRate()));
        out.put("recall10", round(base.recall()));
        out.put("ndcg10", round(base.ndcg()));
        putDifference(out, "hr10", c.hitRate());
        putDifference(out, "recall10", c.recall());
        putDifference(out, "ndcg10", c.ndcg());
        return out;
    }

    private static void putDifference(Map<String, Object> out, String metric, PairedComparison.Difference d) {
        out.put(metric + "_diff", round(d.mean()));
        out.put(metric + "_diff_se", roundOrNull(d.standardError()));
        out.put(metric + "_diff_low", roundOrNull(d.low()));
        out.put(metric + "_diff_high", roundOrNull(d.high()));
    }

    private static String se(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String signed(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%+.4f", value);
    }

    private static Double roundOrNull(double value) {
        return Double.isFinite(value) ? round(value) : null;
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
