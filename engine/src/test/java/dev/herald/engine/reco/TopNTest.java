package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopNTest {

    @Test
    void picksHighestScoresWithTiesToTheLowerIndex() {
        float[] scores = {0.5f, 0.9f, 0.5f, 0.1f, 0.9f, Float.NaN, Float.NEGATIVE_INFINITY};
        assertThat(TopN.select(scores, 3, null, RecommendationRequest.ANY)).containsExactly(1, 4, 0);
        assertThat(TopN.select(scores, 10, null, RecommendationRequest.ANY)).containsExactly(1, 4, 0, 2, 3);
    }

    @Test
    void skipsExcludedAndDisallowedItems() {
        float[] scores = {5, 4, 3, 2, 1};
        UserHistory bought = new UserHistory(new int[] {0, 2}, new float[] {1, 1});
        assertThat(TopN.select(scores, 2, bought, RecommendationRequest.ANY)).containsExactly(1, 3);
        assertThat(TopN.select(scores, 2, bought, item -> item != 1)).containsExactly(3, 4);
    }

    @Test
    void excludedItemsAreSkippedAlsoWhenTheyComeAfterItemsThatDidNotEnterTheList() {
        // items 1..3 cannot enter a full list of two; the exclusion check runs only for 4 and 6, which could
        float[] scores = {9, 1, 1, 1, 8, 0, 7, 6};
        UserHistory bought = new UserHistory(new int[] {1, 2, 4, 6}, new float[] {1, 1, 1, 1});
        assertThat(TopN.select(scores, 2, bought, RecommendationRequest.ANY)).containsExactly(0, 7);
        assertThat(TopN.select(scores, 3, bought, RecommendationRequest.ANY)).containsExactly(0, 7, 3);
    }
}
