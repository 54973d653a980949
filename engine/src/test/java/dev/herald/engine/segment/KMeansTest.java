package dev.herald.engine.segment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KMeansTest {

    @Test
    void twoObviousPairsGiveTheirMeansAndHandComputedWcss() {
        double[][] x = {{0, 0}, {0, 1}, {10, 10}, {10, 11}};
        Clustering c = KMeans.fit(x, 2, new KMeans.Options(5, 100, 7, 1));
        assertThat(c.labels()).containsExactly(0, 0, 1, 1);
        assertThat(c.centroids()[0]).containsExactly(0, 0.5);
        assertThat(c.centroids()[1]).containsExactly(10, 10.5);
        // each point is 0.5 from its centroid: 4 × 0.25
        assertThat(c.wcss()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void sameSeedGivesSameResultWhateverTheThreadCount() {
        double[][] x = blobs(20_000, 5, 6, 3, 3.0);
        Clustering one = KMeans.fit(x, 6, new KMeans.Options(3, 300, 11, 1));
        Clustering again = KMeans.fit(x, 6, new KMeans.Options(3, 300, 11, 1));
        Clustering fourThreads = KMeans.fit(x, 6, new KMeans.Options(3, 300, 11, 4));
        assertThat(again.labels()).isEqualTo(one.labels());
        assertThat(again.wcss()).isEqualTo(one.wcss());
        assertThat(fourThreads.labels()).isEqualTo(one.labels());
        assertThat(fourThreads.wcss()).isEqualTo(one.wcss());
    }

    @Test
    void restartsNeverEndWorseThanASingleStart() {
        double[][] x = blobs(3_000, 2, 8, 5, 2.5);
        double single = KMeans.fit(x, 8, new KMeans.Options(1, 300, 5, 2)).wcss();
        double best = KMeans.fit(x, 8, new KMeans.Options(10, 300, 5, 2)).wcss();
        assertThat(best).isLessThanOrEqualTo(single);
    }

    @Test
    void recoversWellSeparatedBlobs() {
        double[][] x = blobs(4_000, 3, 4, 9, 0.5);
        Clustering c = KMeans.fit(x, 4, new KMeans.Options(5, 300, 1, 2));
        // blob of point i is i % 4: every blob must map to exactly one cluster
        for (int i = 4; i < x.length; i++) {
            assertThat(c.labels()[i]).isEqualTo(c.labels()[i % 4]);
        }
        assertThat(c.sizes()).containsOnly(1_000);
    }

    /** n points around k centres spread over [-20, 20]^d (point i belongs to blob i % k). */
    static double[][] blobs(int n, int d, int k, long seed, double sd) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[k][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = random.nextDouble(-20, 20);
            }
        }
        java.util.Random g = new java.util.Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = centres[i % k][j] + sd * g.nextGaussian();
            }
        }
        return x;
    }
}
