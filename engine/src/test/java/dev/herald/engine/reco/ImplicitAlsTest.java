package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImplicitAlsTest {

    @Test
    void conjugateGradientReachesTheExactCholeskySolution() {
        int f = 3;
        SplittableRandom random = new SplittableRandom(1);
        float[] itemFactors = new float[5 * f];
        for (int k = 0; k < itemFactors.length; k++) {
            itemFactors[k] = (float) random.nextDouble(-1, 1);
        }
        try (WorkerPool pool = new WorkerPool(1)) {
            double[] gram = ImplicitAlsRecommender.gram(itemFactors, 5, f, pool);
            int[] bought = {1, 3};
            double[] conf = {3, 5};
            double lambda = 0.1;
            // explicit A = YtY + sum (c-1) y y^T + lambda I and b = sum c y
            double[] a = gram.clone();
            double[] b = new double[f];
            for (int o = 0; o < bought.length; o++) {
                for (int r = 0; r < f; r++) {
                    b[r] += conf[o] * itemFactors[bought[o] * f + r];
                    for (int s = 0; s < f; s++) {
                        a[r * f + s] += (conf[o] - 1) * itemFactors[bought[o] * f + r] * itemFactors[bought[o] * f + s];
                    }
                }
            }
            for (int r = 0; r < f; r++) {
                a[r * f + r] += lambda;
            }
            double[] exact = DenseCholesky.factor(a, f).solve(b);
            double[] x = new double[f];
            ImplicitAlsRecommender.conjugateGradient(gram, itemFactors, bought, conf, lambda, b, x, f, f, null);
            assertThat(x).containsExactly(exact, within(1e-9));
        }
    }

    @Test
    void exactAlternatingSweepsNeverIncreaseTheObjective() {
        InteractionMatrix m = SyntheticInteractions.generate(40, 25, 300, 1.0, 3);
        ImplicitAlsRecommender.Settings settings = new ImplicitAlsRecommender.Settings(4, 8, 0.1, 5, 4, 11);
        double[] losses = new double[8];
        try (WorkerPool pool = new WorkerPool(2)) {
            ImplicitAlsRecommender.train(m, settings, pool, losses);
        }
        for (int k = 1; k < losses.length; k++) {
            assertThat(losses[k]).isLessThanOrEqualTo(losses[k - 1] * (1 + 1e-9));
        }
        assertThat(losses[7]).isLessThan(losses[0]);
    }

    @Test
    void ranksTheBoughtTogetherProductAboveTheUnrelatedOne() {
        // two clusters: {P, Q} bought together by 6 customers, {R, S} by 6 others; "new" bought P only
        InteractionMatrix.Builder builder = InteractionMatrix.builder();
        for (int u = 0; u < 6; u++) {
            builder.add("a" + u, "P", 1).add("a" + u, "Q", 1);
            builder.add("b" + u, "R", 1).add("b" + u, "S", 1);
        }
        builder.add("new", "P", 1);
        InteractionMatrix m = builder.build();
        try (WorkerPool pool = new WorkerPool(2)) {
            Recommender als = ImplicitAlsRecommender.train(m,
                    new ImplicitAlsRecommender.Settings(4, 10, 0.1, 10, 4, 5), pool);
            int user = Fixtures.user(m, "new");
            assertThat(als.score(user, m.history(user), Fixtures.item(m, "Q")))
                    .isGreaterThan(als.score(user, m.history(user), Fixtures.item(m, "R")));
            // a customer the model never saw is folded in from their history
            UserHistory onlyR = new UserHistory(new int[] {Fixtures.item(m, "R")}, new float[] {1});
            assertThat(als.score(-1, onlyR, Fixtures.item(m, "S")))
                    .isGreaterThan(als.score(-1, onlyR, Fixtures.item(m, "Q")));
        }
    }
}
