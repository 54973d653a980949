package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Similarities of {@link Fixtures#abc()} worked out by hand: buyers A 3, B 3, C 2; co A·B 2, A·C 1, B·C 2. */
class ItemKnnRecommenderTest {

    private final InteractionMatrix m = Fixtures.abc();
    private final int a = Fixtures.item(m, "A");
    private final int b = Fixtures.item(m, "B");
    private final int c = Fixtures.item(m, "C");

    private ItemKnnRecommender train(Similarity similarity, double alpha, int k) {
        try (WorkerPool pool = new WorkerPool(2)) {
            return ItemKnnRecommender.train("t", m, new ItemKnnRecommender.Settings(similarity, k, alpha, 0, 0), pool);
        }
    }

    @Test
    void cosineIsCoPurchasesOverGeometricMeanOfBuyers() {
        ItemKnnRecommender knn = train(Similarity.COSINE, 0.5, 10);
        assertThat(knn.similarity(a, b)).isCloseTo(2f / 3f, within(1e-6f));
        assertThat(knn.similarity(a, c)).isCloseTo((float) (1 / Math.sqrt(6)), within(1e-6f));
        assertThat(knn.similarity(c, b)).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
        assertThat(knn.similarity(a, a)).isZero();
    }

    @Test
    void jaccardIsCoPurchasesOverBuyersOfEither() {
        ItemKnnRecommender knn = train(Similarity.JACCARD, 0.5, 10);
        assertThat(knn.similarity(a, b)).isCloseTo(0.5f, within(1e-6f));      // 2 / (3 + 3 - 2)
        assertThat(knn.similarity(a, c)).isCloseTo(0.25f, within(1e-6f));     // 1 / (3 + 2 - 1)
        assertThat(knn.similarity(b, c)).isCloseTo(2f / 3f, within(1e-6f));   // 2 / (3 + 2 - 2)
    }

    @Test
    void asymmetricCosineWeighsTheAnchorByAlpha() {
        ItemKnnRecommender knn = train(Similarity.ASYMMETRIC_COSINE, 0.75, 10);
        assertThat(knn.similarity(a, c)).isCloseTo((float) (1 / (Math.pow(3, 0.75) * Math.pow(2, 0.25))),
                within(1e-6f));
        assertThat(knn.similarity(c, a)).isCloseTo((float) (1 / (Math.pow(2, 0.75) * Math.pow(3, 0.25))),
                within(1e-6f));
    }

    @Test
    void keepsOnlyTheTopKNeighboursPerItem() {
        ItemKnnRecommender knn = train(Similarity.COSINE, 0.5, 1);
        assertThat(knn.similarity(c, b)).isPositive();
        assertThat(knn.similarity(c, a)).isZero();   // cos(C,A) 0.41 < cos(C,B) 0.82
        assertThat(knn.similarity(a, b)).isPositive();
        assertThat(knn.similarity(a, c)).isZero();
    }

    @Test
    void scoresSumSimilaritiesOfBoughtItemsAndExplainWithTheStrongestAnchor() {
        ItemKnnRecommender knn = train(Similarity.COSINE, 0.5, 10);
        int u3 = Fixtures.user(m, "u3");  // bought A only
        List<ScoredItem> top = knn.recommend(u3, m.history(u3), RecommendationRequest.top(2, true));
        assertThat(top).extracting(ScoredItem::item).containsExactly(b, c);
        assertThat(top.get(0).score()).isCloseTo(2f / 3f, within(1e-6f));
        assertThat(top.get(0).reason()).isEqualTo(new Reason(Reason.Kind.BECAUSE_YOU_BOUGHT, a));
        assertThat(top.get(0).reason().text(i -> m.items().id(i))).isEqualTo("because you bought A");
        UserHistory ab = new UserHistory(new int[] {a, b}, new float[] {1, 1});
        assertThat(knn.score(-1, ab, c)).isCloseTo((float) (1 / Math.sqrt(6) + 2 / Math.sqrt(6)), within(1e-6f));
    }
}
