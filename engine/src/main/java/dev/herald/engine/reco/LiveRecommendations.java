package dev.herald.engine.reco;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Serves recommendations while they change. A purchase event updates that customer's history at once, so the
 * history-based scores (re-buy, item similarity, EASE, exclusion of bought products) move with it; a full
 * retrain, by command or on a schedule, builds a new model off to the side and swaps it in with one atomic
 * reference write, so readers always see one complete model, old or new, never a mix.
 */
public final class LiveRecommendations {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRecommendations.class);

    /** One trained model with the data and the product catalog it was trained on. */
    public record Snapshot(InteractionMatrix data, Recommender recommender, long generation,
                           ProductCatalog catalog) {
    }

    /** A purchase recorded since the last retrain, with its sequence number. */
    private record Purchase(long sequence, String productId, float baskets) {
    }

    private final RecommenderAlgorithm algorithm;
    private final WorkerPool pool;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final Map<String, List<Purchase>> recentPurchases = new ConcurrentHashMap<>();
    /** Orders folded into the overlay since the data was read, with their sequence: a repeat is a no-op. */
    private final Map<String, Long> recordedOrders = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Object retrainLock = new Object();

    public LiveRecommendations(RecommenderAlgorithm algorithm, WorkerPool pool, ProductCatalog catalog,
                               InteractionMatrix initial) {
        this.algorithm = algorithm;
        this.pool = pool;
        current.set(new Snapshot(initial, algorithm.train(initial, pool), 1, catalog));
    }

    public Snapshot snapshot() {
        return current.get();
    }

    /** Records a purchase; the customer's next recommendations reflect it. */
    public void recordPurchase(String customerId, String productId, float baskets) {
        if (!(baskets > 0)) {
            throw new IllegalArgumentException("baskets must be positive");
        }
        Purchase purchase = new Purchase(sequence.incrementAndGet(), productId, baskets);
        recentPurchases.compute(customerId, (id, list) -> {
            java.util.ArrayList<Purchase> updated = list == null ? new java.util.ArrayList<>()
                    : new java.util.ArrayList<>(list);
            updated.add(purchase);
            return List.copyOf(updated);
        });
    }

    /**
     * Records the products of one stored order (each counts as one basket), once: recording the same order id
     * again, e.g. when its transaction was retried or its event redelivered, changes nothing.
     *
     * @return true when the order was new to the overlay
     */
    public boolean recordOrder(String customerId, String orderId, java.util.Collection<String> productIds) {
        long seq = sequence.get() + 1;
        if (recordedOrders.putIfAbsent(orderId, seq) != null) {
            return false;
        }
        for (String productId : new java.util.TreeSet<>(productIds)) {
            recordPurchase(customerId, productId, 1);
        }
        return true;
    }

    /** The customer's history as of now: the model's data plus purchases recorded after its training. */
    public UserHistory history(String customerId) {
        Snapshot snapshot = current.get();
        return history(snapshot, customerId);
    }

    private UserHistory history(Snapshot snapshot, String customerId) {
        OptionalInt user = snapshot.data().users().indexOf(customerId);
        UserHistory history = user.isPresent() ? snapshot.data().history(user.getAsInt()) : UserHistory.EMPTY;
        for (Purchase purchase : recentPurchases.getOrDefault(customerId, List.of())) {
            OptionalInt item = snapshot.data().items().indexOf(purchase.productId());
            if (item.isPresent()) {  // products new to the model wait for the next retrain
                history = history.plus(item.getAsInt(), purchase.baskets());
            }
        }
        return history;
    }

    /** Top recommendations for the customer as facts for rules and templates. */
    public RecommendationFacts recommend(String customerId, RecommendationRequest request) {
        return recommend(customerId, snapshot -> request);
    }

    /**
     * As above, with a request made for the model that answers (its filters index that model's products, e.g.
     * {@code snapshot.catalog().available(snapshot.data().items(), blocked)}).
     */
    public RecommendationFacts recommend(String customerId,
                                         java.util.function.Function<Snapshot, RecommendationRequest> requestFor) {
        Snapshot snapshot = current.get();  // one read: the whole answer comes from one model
        RecommendationRequest request = requestFor.apply(snapshot);
        OptionalInt user = snapshot.data().users().indexOf(customerId);
        UserHistory history = history(snapshot, customerId);
        List<ScoredItem> items = snapshot.recommender().recommend(user.orElse(-1), history, request);
        return RecommendationFacts.of(customerId, snapshot.recommender().name(), items,
                snapshot.data().items(), snapshot.catalog());
    }

    /**
     * Trains on fresh data and swaps the model in atomically; purchases recorded before {@code data} was read
     * are dropped from the live overlay since the new data holds them. One retrain at a time.
     */
    public Snapshot retrain(Supplier<InteractionMatrix> data) {
        return retrain(data, () -> current.get().catalog());
    }

    /**
     * As {@link #retrain(Supplier)}, with a fresh product catalog (names, categories, availability) read
     * alongside the data and swapped in with the model.
     */
    public Snapshot retrain(Supplier<InteractionMatrix> data, Supplier<ProductCatalog> catalog) {
        synchronized (retrainLock) {
            long upTo = sequence.get();
            InteractionMatrix fresh = data.get();
            ProductCatalog freshCatalog = catalog.get();
            long start = System.nanoTime();
            Recommender trained = algorithm.train(fresh, pool);
            Snapshot next = new Snapshot(fresh, trained, current.get().generation() + 1, freshCatalog);
            current.set(next);
            recentPurchases.replaceAll((id, list) -> list.stream().filter(p -> p.sequence() > upTo).toList());
            recentPurchases.values().removeIf(List::isEmpty);
            recordedOrders.values().removeIf(seq -> seq <= upTo);
            LOG.info("recommendation model {} trained on {} customers x {} products in {} ms and swapped in",
                    next.generation(), fresh.numUsers(), fresh.numItems(), (System.nanoTime() - start) / 1_000_000);
            return next;
        }
    }

    /** Retrains every {@code period} on {@code scheduler}; a failed retrain is logged and the old model kept. */
    public ScheduledFuture<?> scheduleRetrain(ScheduledExecutorService scheduler, Supplier<InteractionMatrix> data,
                                              Duration period) {
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                retrain(data);
            } catch (RuntimeException e) {
                LOG.error("scheduled recommendation retrain failed; the previous model stays in service", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
}
