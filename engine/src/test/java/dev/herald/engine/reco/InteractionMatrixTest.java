package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InteractionMatrixTest {

    @Test
    void mapsIdsToDenseIndexesInOrderOfFirstSight() {
        InteractionMatrix m = Fixtures.abc();
        assertThat(m.numUsers()).isEqualTo(4);
        assertThat(m.numItems()).isEqualTo(3);
        assertThat(m.users().id(2)).isEqualTo("u2");
        assertThat(m.items().indexOf("C")).hasValue(2);
        assertThat(m.items().indexOf("Z")).isEmpty();
    }

    @Test
    void rowsAndTransposeHoldTheSamePurchasesSorted() {
        InteractionMatrix m = Fixtures.abc();
        assertThat(m.numInteractions()).isEqualTo(8);
        assertThat(m.history(1).items()).containsExactly(0, 1, 2);
        int b = Fixtures.item(m, "B");
        assertThat(m.itemDegree(b)).isEqualTo(3);
        int[] buyers = new int[m.itemDegree(b)];
        for (int k = m.itemStart(b); k < m.itemEnd(b); k++) {
            buyers[k - m.itemStart(b)] = m.userAt(k);
        }
        assertThat(buyers).containsExactly(0, 1, 2);
    }

    @Test
    void repeatedPairsAddUpAndRowsAreSortedByItem() {
        InteractionMatrix m = InteractionMatrix.builder()
                .add("c", "Z", 1).add("c", "Y", 2).add("c", "Z", 3).add("d", "Y", 1).build();
        UserHistory c = m.history(0);
        assertThat(c.items()).containsExactly(0, 1);  // Z=0, Y=1
        assertThat(c.count(Fixtures.item(m, "Z"))).isEqualTo(4f);
        assertThat(c.count(Fixtures.item(m, "Y"))).isEqualTo(2f);
        assertThat(m.numInteractions()).isEqualTo(3);
    }

    @Test
    void rejectsNonPositiveCounts() {
        assertThatThrownBy(() -> InteractionMatrix.builder().add("c", "A", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void historyPlusAPurchaseKeepsItemsSorted() {
        UserHistory h = new UserHistory(new int[] {1, 5}, new float[] {1, 2});
        UserHistory more = h.plus(3, 1).plus(5, 1);
        assertThat(more.items()).containsExactly(1, 3, 5);
        assertThat(more.counts()).containsExactly(1f, 1f, 3f);
        assertThat(h.items()).containsExactly(1, 5);
    }
}
