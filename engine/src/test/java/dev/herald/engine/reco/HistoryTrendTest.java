package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The re-buy ranking's trend term: recent popularity moves a customer's own products up, by at most its weight. */
class HistoryTrendTest {

    static final int TODAY = (int) LocalDate.parse("2011-12-01").toEpochDay();

    /**
     * Ann bought CANDLE in 3 baskets and TINSEL in 2, both long ago; four other customers bought TINSEL in the
     * last week, nobody CANDLE recently.
     */
    static InteractionMatrix shop() {
        InteractionMatrix.Builder b = InteractionMatrix.builder();
        b.add("ann", "CANDLE", 3, TODAY - 300).add("ann", "TINSEL", 2, TODAY - 350);
        for (int c = 0; c < 4; c++) {
            b.add("c" + c, "TINSEL", 1, TODAY - c);
            b.add("c" + c, "CANDLE", 1, TODAY - 200);
        }
        return b.build();
    }

    static float[] scores(RecommenderAlgorithm algorithm, InteractionMatrix m) {
        try (WorkerPool pool = new WorkerPool(1)) {
            Recommender r = algorithm.train(m, pool);
            float[] out = new float[m.numItems()];
            int ann = Fixtures.user(m, "ann");
            r.score(ann, m.history(ann), out);
            return out;
        }
    }

    @Test
    void withoutTheTrendBasketsDecide() {
        InteractionMatrix m = shop();
        float[] s = scores(HistoryRecommender.algorithm(), m);
        assertThat(s[Fixtures.item(m, "CANDLE")]).isGreaterThan(s[Fixtures.item(m, "TINSEL")]);
    }

    @Test
    void aTrendingProductGainsItsWeightInBaskets() {
        InteractionMatrix m = shop();
        float[] plain = scores(HistoryRecommender.algorithm(), m);
        float[] trend = scores(HistoryRecommender.algorithm(0, 30, 1.5), m);
        int tinsel = Fixtures.item(m, "TINSEL");
        int candle = Fixtures.item(m, "CANDLE");
        // TINSEL: 4 of 5 customers bought it in the window, the most of any product: + 1.5 baskets
        assertThat(trend[tinsel] - plain[tinsel]).isCloseTo(1.5f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(trend[candle] - plain[candle]).isZero();
        assertThat(trend[tinsel]).isGreaterThan(trend[candle]);
    }

    @Test
    void dataWithoutDatesHasNoTrend() {
        InteractionMatrix.Builder b = InteractionMatrix.builder();
        b.add("ann", "CANDLE", 3).add("ann", "TINSEL", 2).add("bob", "TINSEL", 1);
        InteractionMatrix m = b.build();
        assertThat(scores(HistoryRecommender.algorithm(0, 30, 8), m))
                .containsExactly(scores(HistoryRecommender.algorithm(), m));
    }
}
