package dev.herald.engine.segment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WardTest {

    @Test
    void cutsTheHandComputedTree() {
        // Ward merges {0,1} and {5,6} first (cost 0.5 each), then {0,1}+{5,6} (cost 25) before anything with 20
        double[][] x = {{0}, {1}, {5}, {6}, {20}};
        Ward ward = Ward.fit(x);
        assertThat(ward.cut(2).labels()).containsExactly(0, 0, 0, 0, 1);
        assertThat(ward.cut(3).labels()).containsExactly(0, 0, 1, 1, 2);
        assertThat(ward.cut(5).labels()).containsExactly(0, 1, 2, 3, 4);
        // WCSS of {0,1,5,6},{20}: deviations from 3 are 3,2,2,3
        assertThat(ward.cut(2).wcss()).isCloseTo(26, within(1e-9));
        // merge heights are twice the WCSS increase on squared distances: 1, 1, 50, ...
        assertThat(ward.merges().get(0).height()).isCloseTo(1, within(1e-9));
        assertThat(ward.merges().get(2).height()).isCloseTo(50, within(1e-9));
    }

    @Test
    void agreesWithKMeansOnWellSeparatedBlobs() {
        double[][] x = KMeansTest.blobs(600, 2, 3, 21, 0.4);
        int[] ward = Ward.fit(x).cut(3).labels();
        int[] kmeans = KMeans.fit(x, 3, new KMeans.Options(3, 100, 1, 1)).labels();
        // both number clusters by first appearance, so a perfect agreement is equality
        assertThat(ward).isEqualTo(kmeans);
    }
}
