package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ContentRecommenderTest {

    @TempDir
    Path dir;

    @Test
    void tfIdfWeighsRareWordsAndRecommendsProductsNobodyBought() {
        // 4 products: "red" and "heart" each in 2 of them (idf ln 2), "lantern", "mug", "tin" in 1 (idf ln 4)
        ProductCatalog catalog = new ProductCatalog()
                .put(new ProductCatalog.Product("P1", "RED HEART", null, null, true))
                .put(new ProductCatalog.Product("P2", "HEART LANTERN", null, null, true))
                .put(new ProductCatalog.Product("P3", "MUG", null, null, true))
                .put(new ProductCatalog.Product("P4", "RED TIN", null, null, true));
        IdIndex items = ContentRecommender.itemsWithCatalogue(catalog);
        InteractionMatrix m = InteractionMatrix.builder(new IdIndex(), items).add("c", "P1", 1).build();
        try (WorkerPool pool = new WorkerPool(1)) {
            ContentRecommender content = (ContentRecommender) ContentRecommender.algorithm(catalog).train(m, pool);
            int p1 = Fixtures.item(m, "P1");
            int p2 = Fixtures.item(m, "P2");
            int p4 = Fixtures.item(m, "P4");
            // P1 = (red ln2, heart ln2) / (ln2 √2); P2 = (heart ln2, lantern 2 ln2) / (ln2 √5); P4 likewise
            assertThat(content.similarity(p1, p2)).isCloseTo((float) (1 / Math.sqrt(10)), within(1e-6f));
            assertThat(content.similarity(p1, p4)).isCloseTo((float) (1 / Math.sqrt(10)), within(1e-6f));
            assertThat(content.similarity(p1, Fixtures.item(m, "P3"))).isZero();
            var top = content.recommend(0, m.history(0), RecommendationRequest.top(2, true));
            assertThat(top).extracting(s -> m.items().id(s.item())).containsExactly("P2", "P4");  // tie: lower index
            assertThat(m.itemDegree(p4)).isZero();  // nobody bought it
            assertThat(top.get(1).reason()).isEqualTo(new Reason(Reason.Kind.SIMILAR_PRODUCTS, p1));
            assertThat(top.get(1).reason().text(i -> catalog.name(m.items().id(i)))).isEqualTo("similar to RED HEART");
        }
    }

    @Test
    void categoryCountsAsAToken() {
        assertThat(ContentRecommender.tokens("3 PINK PAPER-CUPS", "Party"))
                .containsExactly("pink", "paper", "cups", "category:party");
    }

    @Test
    void readsAProductsFileAndReportsBadPrices() throws IOException {
        Path good = dir.resolve("products.tsv");
        Files.writeString(good, "stock_code\tdescription\tcategory\tunit_price\tavailable\n"
                + "A\tRED MUG\tKitchen\t2.50\ttrue\nB\tLAMP\t\t\t0\n");
        ProductCatalog catalog = ProductCatalog.read(good);
        assertThat(catalog.get("A").category()).isEqualTo("Kitchen");
        assertThat(catalog.get("A").price()).isEqualByComparingTo("2.5");
        assertThat(catalog.get("B").available()).isFalse();
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "stock_code\tunit_price\nA\tcheap\n");
        assertThatThrownBy(() -> ProductCatalog.read(bad)).hasMessage(bad + ":2: price 'cheap' is not a number");
    }
}
