package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Popularity, re-buy history, user-kNN and the linear item model on hand-computed fixtures. */
class OtherRecommendersTest {

    private final InteractionMatrix m = Fixtures.abc();
    private final int a = Fixtures.item(m, "A");
    private final int b = Fixtures.item(m, "B");
    private final int c = Fixtures.item(m, "C");

    @Test
    void popularityIsTheShareOfCustomersWhoBought() {
        try (WorkerPool pool = new WorkerPool(1)) {
            Recommender popularity = PopularityRecommender.algorithm().train(m, pool);
            assertThat(popularity.score(0, UserHistory.EMPTY, a)).isCloseTo(0.75f, within(1e-6f));
            assertThat(popularity.score(0, UserHistory.EMPTY, c)).isCloseTo(0.5f, within(1e-6f));
            // A and B tie at 3 buyers: the lower index comes first
            assertThat(popularity.recommend(-1, UserHistory.EMPTY, RecommendationRequest.top(3, false)))
                    .extracting(ScoredItem::item).containsExactly(a, b, c);
        }
    }

    @Test
    void popularityPerSegmentShrinksTowardsGlobal() {
        int[] segments = {0, 0, 1, 1};  // u0,u1 | u2,u3
        try (WorkerPool pool = new WorkerPool(1)) {
            Recommender bySegment = PopularityRecommender.segmented(segments, 2).train(m, pool);
            // segment 1: C bought by u2 only: (1 + 2 * 0.5) / (2 + 2) = 0.5; A: (1 + 2 * 0.75) / 4 = 0.625
            assertThat(bySegment.score(2, UserHistory.EMPTY, c)).isCloseTo(0.5f, within(1e-6f));
            assertThat(bySegment.score(2, UserHistory.EMPTY, a)).isCloseTo(0.625f, within(1e-6f));
            // segment 0: C bought by u1: (1 + 1) / 4 = 0.5; B by both: (2 + 1.5) / 4 = 0.875
            assertThat(bySegment.score(0, UserHistory.EMPTY, b)).isCloseTo(0.875f, within(1e-6f));
        }
    }

    @Test
    void historyRanksOwnProductsByBasketsThenPopularity() {
        InteractionMatrix data = InteractionMatrix.builder().add("x", "P", 1).add("x", "Q", 3).add("y", "P", 1)
                .add("y", "R", 1).add("z", "R", 1).build();
        try (WorkerPool pool = new WorkerPool(1)) {
            Recommender history = HistoryRecommender.algorithm().train(data, pool);
            List<ScoredItem> top = history.recommend(0, data.history(0), RecommendationRequest.top(3, false));
            assertThat(top).extracting(s -> data.items().id(s.item())).containsExactly("Q", "P", "R");
            assertThat(top.get(0).reason().kind()).isEqualTo(Reason.Kind.BOUGHT_BEFORE);
            assertThat(top.get(2).reason().kind()).isEqualTo(Reason.Kind.POPULAR);
            // Q: 3 baskets + 0.5 * popularity(Q) / max popularity = 3 + 0.5 * (1/3) / (2/3)
            assertThat(top.get(0).score()).isCloseTo(3.25f, within(1e-6f));
        }
    }

    @Test
    void recencyHalvesTheWeightOfAPurchaseEveryHalfLife() {
        InteractionMatrix data = InteractionMatrix.builder().add("x", "OLD", 4, 100).add("x", "NEW", 1, 130)
                .add("y", "NEW", 1, 90).build();
        int x = Fixtures.user(data, "x");
        int oldItem = Fixtures.item(data, "OLD");
        int newItem = Fixtures.item(data, "NEW");
        try (WorkerPool pool = new WorkerPool(1)) {
            Recommender decayed = HistoryRecommender.algorithm(10).train(data, pool);
            // OLD: 4 baskets, 30 days before the newest day → 4 · 2^-3 = 0.5, plus the popularity tie-break
            // 0.5 · (1/2) / (2/2) = 0.25; NEW: 1 · 2^0 + 0.5 · 1 = 1.5
            assertThat(decayed.score(x, data.history(x), oldItem)).isCloseTo(0.75f, within(1e-6f));
            assertThat(decayed.score(x, data.history(x), newItem)).isCloseTo(1.5f, within(1e-6f));
            Recommender frequency = HistoryRecommender.algorithm().train(data, pool);
            assertThat(frequency.score(x, data.history(x), oldItem)).isCloseTo(4.25f, within(1e-6f));
        }
    }

    @Test
    void recentPopularityCountsOnlyLastPurchasesInTheWindow() {
        InteractionMatrix data = InteractionMatrix.builder().add("a", "P", 1, 10).add("b", "P", 1, 50)
                .add("c", "Q", 1, 45).add("d", "Q", 1, 48).build();
        try (WorkerPool pool = new WorkerPool(1)) {
            Recommender recent = PopularityRecommender.recent(7).train(data, pool);  // days 44..50
            assertThat(recent.score(-1, UserHistory.EMPTY, Fixtures.item(data, "P"))).isCloseTo(0.25f, within(1e-6f));
            assertThat(recent.score(-1, UserHistory.EMPTY, Fixtures.item(data, "Q"))).isCloseTo(0.5f, within(1e-6f));
        }
    }

    @Test
    void userKnnUsesCosineBetweenCustomers() {
        try (WorkerPool pool = new WorkerPool(2)) {
            UserKnnRecommender knn = UserKnnRecommender.train(m, 2, pool);
            // u0 {A,B}, u1 {A,B,C}: 2 / sqrt(2*3); u0, u3 {A}: 1 / sqrt(2*1); u0, u2 {B,C}: 1 / 2
            assertThat(knn.similarity(0, 1)).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
            assertThat(knn.similarity(0, 3)).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
            assertThat(knn.similarity(0, 2)).isZero();  // third best, K = 2
            // u0's score for C: only neighbour u1 bought it
            assertThat(knn.score(0, m.history(0), c)).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
            assertThat(knn.explain(0, m.history(0), c).kind()).isEqualTo(Reason.Kind.CUSTOMERS_LIKE_YOU);
        }
    }

    @Test
    void linearItemModelMatchesTheClosedForm() {
        // X bought by u0,u1; Y by u1,u2: Gram [[2,1],[1,2]] + λ=1 → P = 1/8 [[3,-1],[-1,3]], B_XY = -P_XY/P_YY = 1/3
        InteractionMatrix data = InteractionMatrix.builder().add("u0", "X", 1).add("u1", "X", 1)
                .add("u1", "Y", 1).add("u2", "Y", 1).build();
        try (WorkerPool pool = new WorkerPool(2)) {
            Recommender ease = LinearItemRecommender.algorithm(10, 1).train(data, pool);
            UserHistory boughtX = new UserHistory(new int[] {0}, new float[] {1});
            assertThat(ease.score(-1, boughtX, 1)).isCloseTo(1f / 3f, within(1e-6f));
            assertThat(ease.score(-1, boughtX, 0)).isZero();  // diagonal constrained to 0
            assertThat(ease.explain(-1, boughtX, 1)).isEqualTo(new Reason(Reason.Kind.BECAUSE_YOU_BOUGHT, 0));
        }
    }

    @Test
    void choleskySolvesAndInverts() {
        double[] a = {4, 2, 2, 3};  // L = [[2,0],[1,sqrt 2]], A^-1 = 1/8 [[3,-2],[-2,4]]
        DenseCholesky cholesky = DenseCholesky.factor(a, 2);
        assertThat(cholesky.solve(new double[] {2, 1})).containsExactly(new double[] {0.5, 0}, within(1e-12));
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThat(cholesky.inverse(pool)).containsExactly(new double[] {3 / 8.0, -2 / 8.0, -2 / 8.0, 4 / 8.0},
                    within(1e-12));
        }
    }
}
