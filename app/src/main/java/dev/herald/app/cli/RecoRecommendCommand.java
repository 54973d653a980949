package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.reco.InteractionFiles;
import dev.herald.engine.reco.InteractionMatrix;
import dev.herald.engine.reco.ProductCatalog;
import dev.herald.engine.reco.RecommendationFacts;
import dev.herald.engine.reco.RecommendationRequest;
import dev.herald.engine.reco.Recommender;
import dev.herald.engine.reco.Recommenders;
import dev.herald.engine.reco.ScoredItem;
import dev.herald.engine.reco.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code herald reco recommend}: one customer's top products with scores and reasons. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a recommender on a purchases file and show one customer's top products, with the"
                + " normalised score and the reason a campaign email would give (\"because you bought X\"...).",
                "With --json, prints the facts campaign rules see (customerId, algorithm, products with"
                        + " productId, name, category, score, reasonKind, reason).",
                ""})
public class RecoRecommendCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE",
            description = "Purchases: customer_id, stock_code[, n_baskets][, last_purchase], or one row per basket x"
                    + " product: customer_id, stock_code, basket, date.")
    Path train;

    @Option(names = "--customer", required = true, paramLabel = "ID", description = "Customer id.")
    String customer;

    @Option(names = "--products", paramLabel = "FILE",
            description = "Product names, categories, prices, availability (e.g. data/online-retail/products.tsv).")
    Path products;

    @Option(names = "--algo", paramLabel = "NAME", defaultValue = Recommenders.DEFAULT,
            completionCandidates = RecoEvalCommand.AlgorithmNames.class,
            description = "Recommender (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "How many (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--include-bought", description = "Allow products the customer already bought.")
    boolean includeBought;

    @Option(names = "--category", paramLabel = "NAME", description = "Only products of this category (needs --products).")
    String category;

    @Option(names = "--min-price", paramLabel = "AMOUNT", description = "Only products costing at least this.")
    BigDecimal minPrice;

    @Option(names = "--max-price", paramLabel = "AMOUNT", description = "Only products costing at most this.")
    BigDecimal maxPrice;

    @Option(names = "--block", paramLabel = "ID", split = ",", description = "Never recommend these product ids.")
    Set<String> blocked = Set.of();

    @Option(names = "--json", description = "Print the facts as one JSON line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1");
        }
        if ((category != null || minPrice != null || maxPrice != null) && products == null) {
            throw new IllegalArgumentException("--category and price filters need --products FILE");
        }
        ProductCatalog catalog = products == null ? new ProductCatalog() : ProductCatalog.read(products);
        InteractionMatrix matrix = InteractionFiles.read(train);
        OptionalInt user = matrix.users().indexOf(customer);
        if (user.isEmpty()) {
            System.out.printf("Customer %s is not in %s: recommending for a customer with no history.%n", customer,
                    train);
        }
        RecommendationRequest request = RecommendationRequest.top(count, !includeBought)
                .allowing(catalog.available(matrix.items(), blocked));
        if (category != null || minPrice != null || maxPrice != null) {
            request = request.allowing(catalog.campaignFilter(matrix.items(), category, minPrice, maxPrice));
        }
        List<ScoredItem> items;
        try (WorkerPool pool = WorkerPool.ofAvailableProcessors()) {
            Recommender recommender = Recommenders.byName(algorithm, !includeBought,
                    products == null ? null : catalog).train(matrix, pool);
            items = recommender.recommend(user.orElse(-1), matrix.history(user.orElse(-1)), request);
        }
        RecommendationFacts facts = RecommendationFacts.of(customer, algorithm, items, matrix.items(), catalog);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(facts));
            return 0;
        }
        System.out.printf("Top %d for customer %s (%s, %s):%n", facts.products().size(), customer, algorithm,
                includeBought ? "bought products allowed" : "bought products excluded");
        int rank = 1;
        for (RecommendationFacts.Product p : facts.products()) {
            System.out.printf(Locale.ROOT, "%3d. %.3f  %-8s %-36s %s%n", rank++, p.score(), p.productId(),
                    p.name().length() > 36 ? p.name().substring(0, 35) + "…" : p.name(), p.reason());
        }
        return 0;
    }
}
