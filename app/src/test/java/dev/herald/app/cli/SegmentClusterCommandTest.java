package dev.herald.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald segment cluster} on the shipped UCI Wholesale customers file. */
class SegmentClusterCommandTest {

    static final String WHOLESALE = Path.of("..", "data", "wholesale-customers", "wholesale-customers.csv").toString();
    static final String SPEND = "Fresh,Milk,Grocery,Frozen,Detergents_Paper,Delicassen";

    @TempDir
    Path dir;

    @Test
    void jsonLastLineHasTheIssueKeysAndTheChosenKHasTheHighestSilhouette() throws Exception {
        TestCli.Result r = TestCli.run("segment", "cluster", "--input", WHOLESALE, "--features", SPEND, "--k", "2..6",
                "--seed", "7", "--json");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.outLines();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.fieldNames()).toIterable().contains("k", "method", "preprocessing", "per_k", "sizes",
                "centroids", "labels");
        assertThat(json.get("method").asText()).isEqualTo("kmeans");
        assertThat(json.get("preprocessing").asText()).isEqualTo("log1p+zscore");
        assertThat(json.get("per_k")).hasSize(5);
        int k = json.get("k").asInt();
        double best = Double.NEGATIVE_INFINITY;
        int bestK = 0;
        for (JsonNode perK : json.get("per_k")) {
            assertThat(perK.get("wcss").asDouble()).isPositive();
            if (perK.get("silhouette").asDouble() > best) {
                best = perK.get("silhouette").asDouble();
                bestK = perK.get("k").asInt();
            }
        }
        assertThat(k).isEqualTo(bestK);
        assertThat(json.get("labels")).hasSize(440);
        assertThat(json.get("sizes")).hasSize(k);
        int total = 0;
        for (JsonNode size : json.get("sizes")) {
            total += size.asInt();
        }
        assertThat(total).isEqualTo(440);
        assertThat(json.get("centroids")).hasSize(k);
        assertThat(json.get("centroids").get(0)).hasSize(6);
        assertThat(r.out()).contains("Cluster 1: ", "Retail — ", "Horeca — ");
    }

    @Test
    void sameSeedSameLabelsAndWardIsAvailable() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        TestCli.Result a = TestCli.run("segment", "cluster", "--input", WHOLESALE, "--k", "4", "--seed", "3", "--json");
        TestCli.Result b = TestCli.run("segment", "cluster", "--input", WHOLESALE, "--k", "4", "--seed", "3", "--json");
        JsonNode ja = mapper.readTree(a.outLines().get(a.outLines().size() - 1));
        JsonNode jb = mapper.readTree(b.outLines().get(b.outLines().size() - 1));
        assertThat(ja.get("labels")).isEqualTo(jb.get("labels"));
        assertThat(ja.get("k").asInt()).isEqualTo(4);

        TestCli.Result ward = TestCli.run("segment", "cluster", "--input", WHOLESALE, "--method", "ward", "--k", "3",
                "--json");
        JsonNode jw = mapper.readTree(ward.outLines().get(ward.outLines().size() - 1));
        assertThat(jw.get("method").asText()).isEqualTo("ward");
        assertThat(jw.get("labels")).hasSize(440);
    }

    @Test
    void plotWritesTheFourCharts() throws Exception {
        TestCli.Result r = TestCli.run("segment", "cluster", "--input", WHOLESALE, "--features", SPEND, "--k", "2..4",
                "--plot", dir.toString());
        assertThat(r.exitCode()).isZero();
        for (String chart : List.of("elbow.png", "silhouette.png", "pca.png", "spend.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(chart).toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).isEqualTo(900);
        }
    }

    @Test
    void badInputIsAClearError() {
        TestCli.Result r = TestCli.runCapturingErrors("segment", "cluster", "--input", WHOLESALE, "--features", "Nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no column 'Nope'");
        TestCli.Result k = TestCli.runCapturingErrors("segment", "cluster", "--input", WHOLESALE, "--k", "1..3");
        assertThat(k.err()).contains("--k must be N or MIN..MAX");
    }
}
