package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class LiveRecommendationsTest {

    private static InteractionMatrix shop(boolean withLamp) {
        InteractionMatrix.Builder b = InteractionMatrix.builder();
        for (int u = 0; u < 8; u++) {
            b.add("c" + u, "MUG", 1).add("c" + u, "TEAPOT", 1);
            if (u < 4) {
                b.add("c" + u, "SPOON", 1);
            }
            if (withLamp) {
                b.add("c" + u, "LAMP", 2);
            }
        }
        b.add("ann", "MUG", 1);
        return b.build();
    }

    private static ProductCatalog catalog() {
        return new ProductCatalog()
                .put(new ProductCatalog.Product("MUG", "Mug", "Kitchen", new BigDecimal("3.50"), true))
                .put(new ProductCatalog.Product("TEAPOT", "Teapot", "Kitchen", new BigDecimal("12.00"), true))
                .put(new ProductCatalog.Product("SPOON", "Spoon", "Kitchen", new BigDecimal("1.00"), true))
                .put(new ProductCatalog.Product("LAMP", "Lamp", "Lighting", new BigDecimal("25.00"), true));
    }

    @Test
    void aPurchaseChangesThatCustomersRecommendationsAtOnce() {
        try (WorkerPool pool = new WorkerPool(2)) {
            LiveRecommendations live = new LiveRecommendations(Recommenders.byName("hybrid", true), pool, catalog(),
                    shop(false));
            RecommendationRequest request = RecommendationRequest.top(2, true);
            RecommendationFacts before = live.recommend("ann", request);
            assertThat(before.products().get(0).productId()).isEqualTo("TEAPOT");
            assertThat(before.products().get(0).reason()).isEqualTo("because you bought Mug");

            live.recordPurchase("ann", "TEAPOT", 1);

            RecommendationFacts after = live.recommend("ann", request);
            assertThat(after.products()).extracting(RecommendationFacts.Product::productId)
                    .doesNotContain("TEAPOT", "MUG").startsWith("SPOON");
            assertThat(live.history("ann").size()).isEqualTo(2);
        }
    }

    @Test
    void retrainSwapsTheModelAtomicallyWhileReadersKeepGettingCompleteAnswers() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            RecommendationRequest request = RecommendationRequest.top(3, true);
            LiveRecommendations live = new LiveRecommendations(Recommenders.byName("hybrid", true), pool, catalog(),
                    shop(false));
            List<String> oldAnswer = ids(live.recommend("ann", request));
            InteractionMatrix withLamp = shop(true);
            List<String> newAnswer;
            try (WorkerPool other = new WorkerPool(1)) {
                newAnswer = ids(new LiveRecommendations(Recommenders.byName("hybrid", true), other, catalog(),
                        withLamp).recommend("ann", request));
            }
            assertThat(newAnswer).isNotEqualTo(oldAnswer).contains("LAMP");

            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch readersStarted = new CountDownLatch(3);
            ConcurrentLinkedQueue<Object> seen = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new java.util.ArrayList<>();
            for (int r = 0; r < 3; r++) {
                Thread reader = new Thread(() -> {
                    readersStarted.countDown();
                    while (!stop.get()) {
                        try {
                            seen.add(ids(live.recommend("ann", request)));
                        } catch (RuntimeException e) {
                            seen.add(e);
                        }
                    }
                });
                reader.start();
                readers.add(reader);
            }
            readersStarted.await();
            for (int swap = 0; swap < 6; swap++) {
                InteractionMatrix next = swap % 2 == 0 ? withLamp : shop(false);
                live.retrain(() -> next);
            }
            live.retrain(() -> withLamp);
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertThat(seen).isNotEmpty().allSatisfy(answer -> assertThat(answer).isIn(oldAnswer, newAnswer));
            assertThat(ids(live.recommend("ann", request))).isEqualTo(newAnswer);
            assertThat(live.snapshot().generation()).isEqualTo(8);
        }
    }

    @Test
    void purchasesFoldedIntoARetrainLeaveTheLiveOverlay() {
        try (WorkerPool pool = new WorkerPool(1)) {
            LiveRecommendations live = new LiveRecommendations(Recommenders.byName("history", false), pool,
                    catalog(), shop(false));
            live.recordPurchase("ann", "MUG", 1);
            assertThat(live.history("ann").count(live.snapshot().data().items().indexOf("MUG").orElseThrow()))
                    .isEqualTo(2f);
            live.retrain(() -> shop(false));  // stands for data that includes the purchase
            assertThat(live.history("ann").count(live.snapshot().data().items().indexOf("MUG").orElseThrow()))
                    .isEqualTo(1f);
        }
    }

    @Test
    void factsExposeTopScoreCategoryAndFilters() {
        try (WorkerPool pool = new WorkerPool(1)) {
            InteractionMatrix data = shop(true);
            LiveRecommendations live = new LiveRecommendations(Recommenders.byName("hybrid", true), pool, catalog(),
                    data);
            RecommendationFacts facts = live.recommend("ann", RecommendationRequest.top(3, true));
            assertThat(facts.hasProducts()).isTrue();
            assertThat(facts.decisionScores()).hasSize(facts.products().size()).first().satisfies(score -> {
                assertThat(score.customerId()).isEqualTo("ann");
                assertThat(score.productId()).isEqualTo(facts.products().get(0).productId());
                assertThat(score.score()).isEqualTo(facts.topScore());
            });
            assertThat(facts.topScore()).isBetween(0.0, 1.0).isPositive();
            assertThat(facts.hasCategory("kitchen")).isTrue();
            assertThat(facts.hasCategory("Garden")).isFalse();
            RecommendationFacts lighting = live.recommend("ann", RecommendationRequest.top(3, true)
                    .allowing(catalog().campaignFilter(data.items(), "Lighting", null, new BigDecimal("30"))));
            assertThat(lighting.products()).extracting(RecommendationFacts.Product::productId).containsExactly("LAMP");
            assertThat(lighting.topCategory()).isEqualTo("Lighting");
            RecommendationFacts blocked = live.recommend("ann", RecommendationRequest.top(3, true)
                    .allowing(catalog().available(data.items(), Set.of("LAMP"))));
            assertThat(blocked.products()).extracting(RecommendationFacts.Product::productId).doesNotContain("LAMP");
        }
    }

    @Test
    void scheduledRetrainSwapsInNewModels() throws Exception {
        java.util.concurrent.ScheduledExecutorService scheduler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (WorkerPool pool = new WorkerPool(1)) {
            LiveRecommendations live = new LiveRecommendations(Recommenders.byName("popularity", true), pool,
                    catalog(), shop(false));
            CountDownLatch twoRetrains = new CountDownLatch(2);
            live.scheduleRetrain(scheduler, () -> {
                twoRetrains.countDown();
                return shop(true);
            }, java.time.Duration.ofMillis(10));
            twoRetrains.await();
            scheduler.shutdown();
            scheduler.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(live.snapshot().generation()).isGreaterThanOrEqualTo(2);
            assertThat(live.snapshot().data().items().indexOf("LAMP")).isPresent();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void factsBecomeTemplateDataAsPlainMaps() {
        try (WorkerPool pool = new WorkerPool(1)) {
            LiveRecommendations live = new LiveRecommendations(Recommenders.byName("hybrid", true), pool, catalog(),
                    shop(false));
            List<java.util.Map<String, Object>> block = live.recommend("ann", RecommendationRequest.top(1, true))
                    .templateModel();
            assertThat(block).hasSize(1);
            assertThat(block.get(0)).containsEntry("productId", "TEAPOT").containsEntry("name", "Teapot")
                    .containsEntry("category", "Kitchen").containsEntry("reason", "because you bought Mug")
                    .containsKey("score");
        }
    }

    private static List<String> ids(RecommendationFacts facts) {
        return facts.products().stream().map(RecommendationFacts.Product::productId).toList();
    }
}
