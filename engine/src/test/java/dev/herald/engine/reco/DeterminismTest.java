package dev.herald.engine.reco;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Training and batch scoring give bit-identical results whatever the number of threads. */
class DeterminismTest {

    private static final InteractionMatrix DATA = SyntheticInteractions.generate(600, 150, 9000, 0.9, 17);
    private static final ProductCatalog CATALOG = new ProductCatalog();

    static {
        String[] words = {"mug", "red", "heart", "lantern", "cake", "tin", "bag", "retro", "spot"};
        for (int i = 0; i < DATA.numItems(); i++) {
            CATALOG.put(new ProductCatalog.Product(DATA.items().id(i), words[i % 9] + " " + words[(i / 9) % 9],
                    i % 4 == 0 ? "Kitchen" : null, null, true));
        }
    }

    static Stream<String> algorithms() {
        return Recommenders.names().stream();
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void sameScoresAndTopListsOnOneTwoAndFiveThreads(String name) {
        int[][] reference = null;
        float[][] referenceScores = null;
        for (int threads : new int[] {1, 2, 5}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                Recommender recommender = Recommenders.byName(name, true, CATALOG).train(DATA, pool);
                int[][] top = BatchRecommendations.topForAll(recommender, DATA, RecommendationRequest.top(10, true),
                        pool);
                float[][] scores = new float[DATA.numUsers()][DATA.numItems()];
                for (int u = 0; u < DATA.numUsers(); u++) {
                    recommender.score(u, DATA.history(u), scores[u]);
                }
                if (reference == null) {
                    reference = top;
                    referenceScores = scores;
                } else {
                    assertThat(top).as("%s top-10 on %d threads", name, threads).isDeepEqualTo(reference);
                    assertThat(scores).as("%s scores on %d threads", name, threads).isDeepEqualTo(referenceScores);
                }
            }
        }
    }
}
