package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HybridRecommenderTest {

    private final InteractionMatrix m = Fixtures.abc();

    @Test
    void blendsPartsScaledToUnitWithWeightsSummingToOne() {
        try (WorkerPool pool = new WorkerPool(2)) {
            Recommender hybrid = HybridRecommender.fixed("h", List.of(PopularityRecommender.algorithm(),
                    Recommenders.itemKnn()), new double[] {1, 3}, false).train(m, pool);
            Recommender popularity = PopularityRecommender.algorithm().train(m, pool);
            Recommender knn = Recommenders.itemKnn().train(m, pool);
            int u3 = Fixtures.user(m, "u3");
            float[] p = new float[3];
            float[] k = new float[3];
            popularity.score(u3, m.history(u3), p);
            knn.score(u3, m.history(u3), k);
            float maxP = Math.max(p[0], Math.max(p[1], p[2]));
            float maxK = Math.max(k[0], Math.max(k[1], k[2]));
            for (int item = 0; item < 3; item++) {
                float expected = 0.25f * p[item] / maxP + 0.75f * k[item] / maxK;
                assertThat(hybrid.score(u3, m.history(u3), item)).isCloseTo(expected, within(1e-6f));
            }
            assertThat(((HybridRecommender) hybrid).weights()).containsExactly(0.25, 0.75);
        }
    }

    @Test
    void repeatFirstPutsOwnProductsAheadInTheUpperHalf() {
        try (WorkerPool pool = new WorkerPool(2)) {
            Recommender hybrid = HybridRecommender.fixed("h", List.of(PopularityRecommender.algorithm()),
                    new double[] {1}, true).train(m, pool);
            int u2 = Fixtures.user(m, "u2");  // bought B, C
            List<ScoredItem> top = hybrid.recommend(u2, m.history(u2), RecommendationRequest.top(3, false));
            assertThat(top).extracting(s -> m.items().id(s.item())).containsExactly("B", "C", "A");
            assertThat(top.get(0).score()).isBetween(0.5f, 1f);
            assertThat(top.get(0).reason().kind()).isEqualTo(Reason.Kind.BOUGHT_BEFORE);
            assertThat(top.get(2).score()).isLessThan(0.5f);
        }
    }

    @Test
    void tuningOnAValidationSplitGivesWeightsSummingToOne() {
        InteractionMatrix data = SyntheticInteractions.generate(400, 80, 6000, 1.0, 5);
        try (WorkerPool pool = new WorkerPool(2)) {
            double[] weights = HybridRecommender.tune(data, List.of(Recommenders.itemKnn(),
                    PopularityRecommender.algorithm()), 200, 1, pool);
            assertThat(weights).hasSize(2);
            assertThat(weights[0] + weights[1]).isCloseTo(1.0, within(1e-9));
            for (double w : weights) {
                assertThat(w).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void validationSplitIsCarvedFromTrainingOnly() {
        InteractionMatrix data = SyntheticInteractions.generate(300, 60, 4000, 1.0, 9);
        ValidationSplit split = ValidationSplit.carve(data, 100, 0.5, 3);
        assertThat(split.users()).isNotEmpty();
        for (int v = 0; v < split.users().length; v++) {
            int u = split.users()[v];
            for (int item : split.newTargets()[v]) {
                assertThat(data.history(u).contains(item)).isTrue();
                assertThat(split.train().history(u).contains(item)).isFalse();
            }
            for (int item : split.allTargets()[v]) {
                assertThat(split.train().history(u).count(item)).isEqualTo(data.history(u).count(item) - 1);
            }
        }
        assertThat(split.train().numInteractions()).isLessThan(data.numInteractions());
    }
}
