package dev.herald.engine.segment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SilhouetteTest {

    @Test
    void matchesTheHandComputedValueOnFourPoints() {
        double[][] x = {{0}, {1}, {10}, {11}};
        int[] labels = {0, 0, 1, 1};
        // point 0: a = 1, b = (10 + 11) / 2; point 1: a = 1, b = (9 + 10) / 2; symmetric for 10 and 11
        double s0 = 1 - 1 / 10.5;
        double s1 = 1 - 1 / 9.5;
        assertThat(Silhouette.mean(x, labels, 2, 1)).isCloseTo((2 * s0 + 2 * s1) / 4, within(1e-12));
    }

    @Test
    void singletonClusterCountsAsZeroAndBadSplitIsNegative() {
        double[][] x = {{0}, {1}, {10}};
        // {0,1} and {10}: the singleton scores 0
        double s0 = 1 - 1 / 10.0;
        double s1 = 1 - 1 / 9.0;
        assertThat(Silhouette.mean(x, new int[]{0, 0, 1}, 2, 2)).isCloseTo((s0 + s1 + 0) / 3, within(1e-12));
        // {0,10} and {1}: point 0 is closer to the other cluster
        assertThat(Silhouette.mean(x, new int[]{0, 1, 0}, 2, 1)).isNegative();
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        double[][] x = KMeansTest.blobs(2_000, 3, 5, 4, 2.0);
        int[] labels = KMeans.fit(x, 5, new KMeans.Options(1, 100, 1, 1)).labels();
        assertThat(Silhouette.mean(x, labels, 5, 4)).isEqualTo(Silhouette.mean(x, labels, 5, 1));
    }
}
