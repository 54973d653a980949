package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Popularity on a tiny split, metrics by hand. Buyers: A 3, B 1, C 1, D 1 (indexes A0 B1 C2 D3). Last
 * baskets: c1 = {C new, E new and unknown}, c2 = {A bought before}, c3 = {X new and unknown}.
 */
class OfflineEvaluationTest {

    @TempDir
    Path dir;

    private OfflineEvaluation.Result run(OfflineEvaluation.Protocol protocol) throws IOException {
        Path train = file("train.tsv", "customer_id\tstock_code\tn_baskets\n"
                + "c1\tA\t1\nc1\tB\t1\nc2\tA\t1\nc2\tC\t1\nc3\tA\t1\nc3\tD\t1\n");
        Path test = file("test.tsv", "customer_id\tstock_code\tis_new\nc1\tC\t1\nc1\tE\t1\nc2\tA\t0\nc3\tX\t1\n");
        InteractionMatrix m = InteractionFiles.read(train);
        try (WorkerPool pool = new WorkerPool(2)) {
            return OfflineEvaluation.run(PopularityRecommender.algorithm(), m, HeldOutBaskets.read(test, m), protocol,
                    pool);
        }
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void newItemsProtocolExcludesBoughtAndCountsOnlyNewTargets() throws IOException {
        // lists: c1 [C, D], c2 [B, D], c3 [B, C]; evaluated c1 (hit C at rank 1 of 2 targets) and c3 (miss)
        OfflineEvaluation.Result r = run(OfflineEvaluation.Protocol.NEW);
        assertThat(r.customers()).isEqualTo(2);
        assertThat(r.hitRate()).isCloseTo(0.5, within(1e-12));
        assertThat(r.recall()).isCloseTo(0.25, within(1e-12));
        double ndcgC1 = 1 / (1 + 1 / log2(3));
        assertThat(r.ndcg()).isCloseTo(ndcgC1 / 2, within(1e-12));
        assertThat(r.coverage()).isCloseTo(0.75, within(1e-12));  // B, C, D of 4
    }

    @Test
    void allItemsProtocolMayRecommendBoughtProducts() throws IOException {
        // lists [A, B, C, D] for everyone: c1 hits C at rank 3, c2 hits A at rank 1, c3 misses
        OfflineEvaluation.Result r = run(OfflineEvaluation.Protocol.ALL);
        assertThat(r.customers()).isEqualTo(3);
        assertThat(r.hitRate()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(r.recall()).isCloseTo((0.5 + 1 + 0) / 3, within(1e-12));
        double ndcgC1 = (1 / log2(4)) / (1 + 1 / log2(3));
        assertThat(r.ndcg()).isCloseTo((ndcgC1 + 1) / 3, within(1e-12));
    }

    @Test
    void eachMetricComesWithTheStandardErrorOfItsMeanOverTheCustomers() throws IOException {
        // all items: hits 1, 1, 0 (mean 2/3, sample variance 1/3, SE sqrt(1/3 / 3) = 1/3);
        // recall 0.5, 1, 0 (sample variance 0.25, SE sqrt(0.25 / 3))
        OfflineEvaluation.Result r = run(OfflineEvaluation.Protocol.ALL);
        assertThat(r.perCustomer().hit()).containsExactly(1, 1, 0);
        assertThat(r.perCustomer().recall()).containsExactly(0.5, 1, 0);
        assertThat(r.hitRateSe()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(r.recallSe()).isCloseTo(Math.sqrt(0.25 / 3), within(1e-12));
        double ndcgC1 = (1 / log2(4)) / (1 + 1 / log2(3));
        double meanNdcg = (ndcgC1 + 1) / 3;
        double variance = (Math.pow(ndcgC1 - meanNdcg, 2) + Math.pow(1 - meanNdcg, 2) + Math.pow(meanNdcg, 2)) / 2;
        assertThat(r.ndcgSe()).isCloseTo(Math.sqrt(variance / 3), within(1e-12));
    }

    @Test
    void missesAreSplitByWhetherTheHeldOutBasketHadAProductBoughtBefore() throws IOException {
        // hand-made top-10 lists: c1 held out A (bought before) but got [B]: a repeat left out; c2 held out only X
        // (new) and got [A]: only a new product could hit; c3 held out D (bought) and E (new) and got [D]: a hit
        InteractionMatrix m = InteractionFiles.read(file("misses-train.tsv", "customer_id\tstock_code\tn_baskets\n"
                + "c1\tA\t2\nc2\tB\t1\nc3\tC\t1\nc3\tD\t1\n"));
        HeldOutBaskets heldOut = HeldOutBaskets.read(file("misses-test.tsv", "customer_id\tstock_code\tis_new\n"
                + "c1\tA\t0\nc2\tX\t1\nc3\tD\t0\nc3\tE\t1\n"), m);
        int[][] top = new int[m.numUsers()][];
        top[m.users().indexOf("c1").orElseThrow()] = new int[] {m.items().indexOf("B").orElseThrow()};
        top[m.users().indexOf("c2").orElseThrow()] = new int[] {m.items().indexOf("A").orElseThrow()};
        top[m.users().indexOf("c3").orElseThrow()] = new int[] {m.items().indexOf("D").orElseThrow()};

        OfflineEvaluation.Result all = OfflineEvaluation.score("by hand", OfflineEvaluation.Protocol.ALL, m, heldOut,
                top, null, 0, 0, 1);
        assertThat(all.perCustomer().hit()).containsExactly(0, 0, 1);
        assertThat(all.perCustomer().targetBoughtBefore()).containsExactly(true, false, true);
        assertThat(all.misses()).isEqualTo(new OfflineEvaluation.Misses(1, 1));
        assertThat(all.misses().total()).isEqualTo(2);

        // under "new" only new products are targets: c2 (X) and c3 (E) are evaluated, both miss, both new-only
        OfflineEvaluation.Result onlyNew = OfflineEvaluation.score("by hand", OfflineEvaluation.Protocol.NEW, m,
                heldOut, top, null, 0, 0, 1);
        assertThat(onlyNew.customers()).isEqualTo(2);
        assertThat(onlyNew.misses()).isEqualTo(new OfflineEvaluation.Misses(0, 2));
    }

    @Test
    void aStandardErrorNeedsTwoCustomers() {
        assertThat(OfflineEvaluation.standardError(new double[] {1})).isNaN();
        assertThat(OfflineEvaluation.standardError(new double[] {1, 0})).isCloseTo(0.5, within(1e-12));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
