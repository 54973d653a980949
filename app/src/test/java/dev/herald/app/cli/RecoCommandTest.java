package dev.herald.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RecoCommandTest {

    @TempDir
    Path dir;

    private Path train() throws IOException {
        Path train = dir.resolve("train.tsv");
        Files.writeString(train, "customer_id\tstock_code\tn_baskets\n"
                + "c1\tA\t1\nc1\tB\t1\nc2\tA\t1\nc2\tC\t1\nc3\tA\t1\nc3\tD\t1\n");
        return train;
    }

    private Path test() throws IOException {
        Path test = dir.resolve("test.tsv");
        Files.writeString(test, "customer_id\tstock_code\tis_new\nc1\tC\t1\nc1\tE\t1\nc2\tA\t0\nc3\tX\t1\n");
        return test;
    }

    @Test
    void evalPrintsTheMetricsAndEndsWithOneJsonLine() throws IOException {
        TestCli.Result result = TestCli.run("reco", "eval", "--train", train().toString(), "--test",
                test().toString(), "--algo", "popularity", "--threads", "2", "--json");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("HR@10       0.5000", "Recall@10   0.2500", "2 customers evaluated");
        List<String> lines = result.outLines();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.fieldNames()).toIterable().contains("hr10", "recall10", "ndcg10", "coverage", "train_s",
                "recommend_all_s", "customers", "algo");
        assertThat(json.get("hr10").asDouble()).isEqualTo(0.5);
        assertThat(json.get("customers").asInt()).isEqualTo(2);
        assertThat(json.get("algo").asText()).isEqualTo("popularity");
    }

    @Test
    void evalWithoutAlgoUsesTheDefaultHybridAndAllProtocolCountsEveryTarget() throws IOException {
        TestCli.Result result = TestCli.run("reco", "eval", "--train", train().toString(), "--test",
                test().toString(), "--protocol", "all", "--json");
        assertThat(result.exitCode()).isZero();
        List<String> lines = result.outLines();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.get("algo").asText()).isEqualTo("hybrid");
        assertThat(json.get("customers").asInt()).isEqualTo(3);
    }

    @Test
    void evalOnAllItemsSaysWhereTheMissesAre() throws IOException {
        // four products, so every top 10 holds them all: only c3, whose last basket is X (new, unknown), misses
        TestCli.Result result = TestCli.run("reco", "eval", "--train", train().toString(), "--test",
                test().toString(), "--protocol", "all", "--json");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Misses      1 customer: 0 held out a product they had bought before that"
                + " the top 10 left out, 1 only products new to them");
        List<String> lines = result.outLines();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.get("misses_bought_before").asInt()).isZero();
        assertThat(json.get("misses_new_only").asInt()).isEqualTo(1);
        long hits = Math.round(json.get("hr10").asDouble() * json.get("customers").asInt());
        assertThat(json.get("misses_bought_before").asInt() + json.get("misses_new_only").asInt())
                .isEqualTo(json.get("customers").asInt() - hits);

        TestCli.Result newItems = TestCli.run("reco", "eval", "--train", train().toString(), "--test",
                test().toString(), "--json");
        List<String> newLines = newItems.outLines();
        assertThat(newItems.out()).doesNotContain("Misses");
        assertThat(new ObjectMapper().readTree(newLines.get(newLines.size() - 1)).has("misses_new_only")).isFalse();
    }

    @Test
    void evalAgainstABaselinePrintsThePairedDifferenceOfEachMetric() throws IOException {
        TestCli.Result result = TestCli.run("reco", "eval", "--train", train().toString(), "--test",
                test().toString(), "--algo", "popularity", "--baseline", "item-knn", "--protocol", "all", "--json");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("HR@10       0.6667  (± 0.3333 standard error)", "Baseline item-knn: HR@10",
                "popularity minus item-knn, paired over the same 3 customers (95% interval):");
        List<String> lines = result.outLines();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.get("hr10_se").asDouble()).isCloseTo(1 / 3.0, within(1e-6));
        JsonNode baseline = json.get("baseline");
        assertThat(baseline.get("algo").asText()).isEqualTo("item-knn");
        for (String metric : List.of("hr10", "recall10", "ndcg10")) {
            assertThat(baseline.get(metric + "_diff").asDouble()).as(metric)
                    .isCloseTo(json.get(metric).asDouble() - baseline.get(metric).asDouble(), within(2e-6));
            assertThat(baseline.get(metric + "_diff_low").asDouble()).as(metric)
                    .isLessThanOrEqualTo(baseline.get(metric + "_diff").asDouble());
            assertThat(baseline.get(metric + "_diff_high").asDouble()).as(metric)
                    .isGreaterThanOrEqualTo(baseline.get(metric + "_diff").asDouble());
        }
        String hrLine = lines.stream().filter(line -> line.startsWith("  HR@10") && line.contains(" SE "))
                .findFirst().orElseThrow();
        assertThat(hrLine).containsAnyOf("better", "worse", "no difference shown");

        TestCli.Result same = TestCli.runCapturingErrors("reco", "eval", "--train", train().toString(), "--test",
                test().toString(), "--algo", "popularity", "--baseline", "popularity");
        assertThat(same.exitCode()).isEqualTo(1);
        assertThat(same.err()).contains("--baseline popularity is the recommender being evaluated");
    }

    @Test
    void splitWritesATrainAndTestPairThatEvalReads() throws IOException {
        Path baskets = dir.resolve("baskets.tsv");
        Files.writeString(baskets, "customer_id\tstock_code\tbasket\tdate\n"
                + "c1\tA\t1\t2011-01-01\nc1\tB\t1\t2011-01-01\nc1\tC\t2\t2011-02-01\n"
                + "c2\tA\t1\t2011-01-03\nc2\tB\t2\t2011-01-09\nc3\tA\t1\t2011-01-04\n");
        Path out = dir.resolve("split");
        TestCli.Result split = TestCli.run("reco", "split", "--baskets", baskets.toString(), "--out", out.toString());
        assertThat(split.exitCode()).isZero();
        assertThat(split.out()).contains("3 customers, the last basket of 2 held out", "Next: herald reco eval");
        assertThat(Files.readAllLines(out.resolve("test.tsv"))).containsExactly("customer_id\tstock_code\tis_new",
                "c1\tC\t1", "c2\tB\t1");

        TestCli.Result eval = TestCli.run("reco", "eval", "--train", out.resolve("train.tsv").toString(), "--test",
                out.resolve("test.tsv").toString(), "--algo", "popularity", "--protocol", "all");
        assertThat(eval.exitCode()).isZero();
        assertThat(eval.out()).contains("2 customers evaluated");

        TestCli.Result again = TestCli.runCapturingErrors("reco", "split", "--baskets", baskets.toString(), "--out",
                out.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already has train.tsv or test.tsv: add --force");
        assertThat(TestCli.run("reco", "split", "--baskets", baskets.toString(), "--out", out.toString(),
                "--until", "2011-01-10", "--force").out()).contains("the last basket of 1 held out");

        TestCli.Result badDay = TestCli.runCapturingErrors("reco", "split", "--baskets", baskets.toString(), "--out",
                dir.resolve("other").toString(), "--until", "next week");
        assertThat(badDay.err()).contains("--until must be a date yyyy-MM-dd, not 'next week'");
    }

    @Test
    void badFilesAndOptionsGetClearErrors() throws IOException {
        Path broken = dir.resolve("broken.tsv");
        Files.writeString(broken, "customer_id\tstock_code\tn_baskets\nc1\tA\t1\nc2\tB\tlots\n");
        TestCli.Result badCount = TestCli.runCapturingErrors("reco", "eval", "--train", broken.toString(), "--test",
                test().toString());
        assertThat(badCount.exitCode()).isEqualTo(1);
        assertThat(badCount.err()).contains(broken + ":3: count 'lots' is not a number");

        TestCli.Result missing = TestCli.runCapturingErrors("reco", "eval", "--train", dir.resolve("none.tsv")
                .toString(), "--test", test().toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("none.tsv: no such file");

        TestCli.Result unknown = TestCli.runCapturingErrors("reco", "eval", "--train", train().toString(), "--test",
                test().toString(), "--algo", "magic");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown recommender 'magic'", "item-knn");

        TestCli.Result protocol = TestCli.runCapturingErrors("reco", "eval", "--train", train().toString(),
                "--test", test().toString(), "--protocol", "some");
        assertThat(protocol.err()).contains("--protocol must be 'new' or 'all'");
    }

    @Test
    void recommendShowsOneCustomersTopProductsWithReasonsAndFilters() throws IOException {
        Path products = dir.resolve("products.tsv");
        Files.writeString(products, "stock_code\tdescription\tunit_price\nA\tRED MUG\t2\nB\tBLUE MUG\t3\n"
                + "C\tTEAPOT\t12\nD\tLAMP\t25\n");
        TestCli.Result result = TestCli.run("reco", "recommend", "--train", train().toString(), "--customer", "c3",
                "--products", products.toString(), "--algo", "item-knn", "--count", "2");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Top 2 for customer c3", "because you bought RED MUG");
        TestCli.Result cheap = TestCli.run("reco", "recommend", "--train", train().toString(), "--customer", "c3",
                "--products", products.toString(), "--algo", "popularity", "--max-price", "5", "--json");
        JsonNode facts = new ObjectMapper().readTree(cheap.outLines().get(cheap.outLines().size() - 1));
        assertThat(facts.get("customerId").asText()).isEqualTo("c3");
        assertThat(facts.get("products")).hasSize(1);  // B (3.00); A bought; C and D too expensive
        assertThat(facts.get("products").get(0).get("productId").asText()).isEqualTo("B");
    }

    @Test
    void benchRecoRunsOnASmallSyntheticSet() {
        TestCli.Result result = TestCli.run("bench", "reco", "--customers", "300", "--products", "80",
                "--purchases", "3000", "--sample", "50", "--threads", "2", "--json");
        assertThat(result.exitCode()).isZero();
        List<String> lines = result.outLines();
        assertThat(lines.get(lines.size() - 1)).contains("\"train_s\"", "\"peak_heap_bytes\"", "\"recs_per_s\"");
        assertThat(result.out()).contains("Peak heap", "Recommendations");
    }
}
