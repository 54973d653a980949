package dev.herald.engine.segment;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterAnalysisTest {

    static final Path WHOLESALE = Path.of("..", "data", "wholesale-customers", "wholesale-customers.csv");
    static final List<String> SPEND = List.of("Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen");

    @Test
    void silhouetteChoosesTheNumberOfWellSeparatedBlobs() {
        FeatureTable table = new FeatureTable(List.of("a", "b", "c"), KMeansTest.blobs(1_500, 3, 5, 17, 0.6),
                List.of(), java.util.Collections.nCopies(1_500, List.of()));
        Preprocessing none = new Preprocessing(Preprocessing.Transform.NONE, Preprocessing.Outliers.NONE, false);
        ClusterAnalysis.Result kmeans = ClusterAnalysis.run(table, none, ClusterAnalysis.Method.KMEANS, 2, 9,
                new KMeans.Options(4, 300, 42, 2));
        ClusterAnalysis.Result ward = ClusterAnalysis.run(table, none, ClusterAnalysis.Method.WARD, 2, 9,
                new KMeans.Options(4, 300, 42, 2));
        assertThat(kmeans.chosen().k()).isEqualTo(5);
        assertThat(ward.chosen().k()).isEqualTo(5);
        assertThat(kmeans.perK()).extracting(ClusterAnalysis.KScore::k).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
        // WCSS falls with k (the elbow curve)
        for (int i = 1; i < kmeans.perK().size(); i++) {
            assertThat(kmeans.perK().get(i).wcss()).isLessThan(kmeans.perK().get(i - 1).wcss());
        }
    }

    @Test
    void wholesaleCustomersSplitIntoRetailGroceryAndHorecaFresh() {
        FeatureTable table = FeatureTable.read(WHOLESALE, SPEND, List.of("Channel", "Region"));
        ClusterAnalysis.Result r = ClusterAnalysis.run(table, Preprocessing.defaults(), ClusterAnalysis.Method.KMEANS,
                2, 2, KMeans.Options.defaults(42));
        assertThat(r.preprocessed().spec().describe()).isEqualTo("log1p+zscore");
        assertThat(r.chosen().labels()).hasSize(440);
        List<String> labels = r.profiles().stream().map(ClusterProfile::label).toList();
        assertThat(labels).anySatisfy(l -> assertThat(l).startsWith("Retail — ").contains("grocery"));
        assertThat(labels).anySatisfy(l -> assertThat(l).startsWith("Horeca — ").contains("fresh"));
        ClusterProfile retail = r.profiles().stream().filter(p -> p.label().startsWith("Retail")).findFirst().orElseThrow();
        int retailIndex = SPEND.indexOf("Grocery");
        ClusterProfile horeca = r.profiles().stream().filter(p -> p.label().startsWith("Horeca")).findFirst().orElseThrow();
        assertThat(retail.median()[retailIndex]).isGreaterThan(horeca.median()[retailIndex]);
        assertThat(retail.size() + horeca.size()).isEqualTo(440);
        assertThat(retail.composition().get("Channel").get("Retail")).isGreaterThan(retail.size() / 2);
    }

    @Test
    void preprocessingStandardisesAndClipsOutliers() {
        double[][] raw = {{0}, {1}, {2}, {3}, {1000}};
        Preprocessing.Fitted z = new Preprocessing(Preprocessing.Transform.NONE, Preprocessing.Outliers.NONE, true).apply(raw);
        double mean = 0;
        for (double[] row : z.data()) {
            mean += row[0] / 5;
        }
        assertThat(mean).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-12));
        Preprocessing.Fitted clipped = new Preprocessing(Preprocessing.Transform.NONE, Preprocessing.Outliers.IQR, false)
                .apply(raw);
        // Q1 = 1, Q3 = 3: the upper fence is 3 + 1.5 × 2 = 6
        assertThat(clipped.data()[4][0]).isEqualTo(6);
        Preprocessing.Fitted logged = Preprocessing.defaults().apply(raw);
        assertThat(logged.toOriginal(logged.data()[2])[0]).isCloseTo(2, org.assertj.core.api.Assertions.within(1e-9));
    }
}
