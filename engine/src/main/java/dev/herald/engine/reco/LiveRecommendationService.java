package dev.herald.engine.reco;

import dev.herald.engine.application.EmailModel;
import dev.herald.engine.application.RecommendationSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The recommendation engine of a running Herald: a {@link LiveRecommendations} model trained from the database
 * when Herald starts, retrained from the database on a schedule and on demand (HTTP {@code POST
 * /v1/reco/retrain}) and swapped in atomically, told about every stored order so that customer's
 * history-based scores change at once, and asked for each customer's top products when an event is decided
 * (ADR 0014). Products marked unavailable and service codes are never recommended; bought products are left
 * out (these are suggestions of something new).
 */
public final class LiveRecommendationService implements RecommendationSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRecommendationService.class);

    /**
     * How the service runs.
     *
     * @param algorithm       recommender name ({@link Recommenders#DEFAULT} unless there is a reason)
     * @param count           products per customer, for the rules and the emails
     * @param threads         training threads
     * @param retrainInterval time between scheduled retrains; zero = only on demand
     * @param productsFile    optional products file with categories and stock (null = none)
     * @param productLink     link of a product in emails, {@code {id}} replaced by the product id; empty = none
     */
    public record Settings(String algorithm, int count, int threads, Duration retrainInterval, Path productsFile,
                           String productLink) {

        public Settings {
            if (count < 1) {
                throw new IllegalArgumentException("recommendation count must be at least 1, got " + count);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("recommendation threads must be at least 1, got " + threads);
            }
            if (retrainInterval.isNegative()) {
                throw new IllegalArgumentException("retrain interval must not be negative");
            }
            productLink = productLink == null ? "" : productLink.strip();
        }

        public static Settings defaults() {
            return new Settings(Recommenders.DEFAULT, 4, Math.max(1, Runtime.getRuntime().availableProcessors()),
                    Duration.ofHours(1), null, "");
        }
    }

    /** What the model in service was trained on, and when. */
    public record Status(long generation, int customers, int products, int purchases, Instant trainedAt,
                         long trainMillis) {
    }

    private final DataSource dataSource;
    private final Settings settings;
    private final ProductCatalog fileCatalog;
    private final WorkerPool pool;
    private final LiveRecommendations live;
    private final AtomicReference<Map<String, String>> currencies = new AtomicReference<>(Map.of());
    private final AtomicReference<Status> status = new AtomicReference<>();
    private final ScheduledExecutorService scheduler;

    private LiveRecommendationService(DataSource dataSource, Settings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.fileCatalog = settings.productsFile() == null ? null : ProductCatalog.read(settings.productsFile());
        RecommenderAlgorithm algorithm = Recommenders.byName(settings.algorithm(), true, fileCatalog);
        this.pool = new WorkerPool(settings.threads());
        try {
            long start = System.nanoTime();
            InteractionMatrix data = InteractionsFromDatabase.load(dataSource);
            ProductCatalog catalog = products();
            this.live = new LiveRecommendations(algorithm, pool, catalog, data);
            record(live.snapshot(), start);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        if (settings.retrainInterval().isZero()) {
            scheduler = null;
        } else {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "herald-reco-retrain");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::scheduledRetrain, settings.retrainInterval().toMillis(),
                    settings.retrainInterval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Trains the first model from the database (synchronously) and starts the retrain schedule. */
    public static LiveRecommendationService start(DataSource dataSource, Settings settings) {
        LiveRecommendationService service = new LiveRecommendationService(dataSource, settings);
        Status s = service.status();
        LOG.info("recommendations ({}) trained on {} customers x {} products in {} ms; retrain {}",
                settings.algorithm(), s.customers(), s.products(), s.trainMillis(),
                settings.retrainInterval().isZero() ? "on demand only" : "every " + settings.retrainInterval());
        return service;
    }

    private ProductCatalog products() {
        ProductsFromDatabase.Products products = ProductsFromDatabase.load(dataSource, fileCatalog);
        currencies.set(Map.copyOf(products.currencies().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
        return products.catalog();
    }

    private void record(LiveRecommendations.Snapshot snapshot, long startNanos) {
        status.set(new Status(snapshot.generation(), snapshot.data().numUsers(), snapshot.data().numItems(),
                snapshot.data().numInteractions(), Instant.now(), (System.nanoTime() - startNanos) / 1_000_000));
    }

    /** Reads the database again, trains a new model and swaps it in; serving continues meanwhile. */
    public Status retrain() {
        synchronized (live) {
            long start = System.nanoTime();
            LiveRecommendations.Snapshot next = live.retrain(() -> InteractionsFromDatabase.load(dataSource),
                    this::products);
            record(next, start);
            return status();
        }
    }

    private void scheduledRetrain() {
        try {
            retrain();
        } catch (RuntimeException e) {
            LOG.error("scheduled recommendation retrain failed; the previous model stays in service", e);
        }
    }

    public Status status() {
        return status.get();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void orderStored(String customerId, String orderId, Collection<String> productIds) {
        live.recordOrder(customerId, orderId, productIds);
    }

    @Override
    public CustomerRecommendations forCustomer(String customerId) {
        RecommendationFacts facts = facts(customerId);
        if (!facts.hasProducts()) {
            return CustomerRecommendations.NONE;
        }
        ProductCatalog catalog = live.snapshot().catalog();
        Map<String, String> currency = currencies.get();
        List<EmailModel.Recommendation> products = facts.products().stream().map(p -> {
            ProductCatalog.Product known = catalog.get(p.productId());
            return new EmailModel.Recommendation(p.name(), known == null ? null : known.price(),
                    currency.getOrDefault(p.productId(), ""), "", link(p.productId()));
        }).toList();
        return new CustomerRecommendations(facts.decisionScores(), products);
    }

    /** The customer's top products with scores, categories and reasons. */
    public RecommendationFacts facts(String customerId) {
        return live.recommend(customerId, snapshot -> RecommendationRequest.top(settings.count(), true)
                .allowing(snapshot.catalog().available(snapshot.data().items(), Set.of())));
    }

    private String link(String productId) {
        return settings.productLink().isEmpty() ? ""
                : settings.productLink().replace("{id}", URLEncoder.encode(productId, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        pool.close();
    }
}
