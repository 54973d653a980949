package dev.herald.engine.segment;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RfmModelTest {

    @Test
    void quintileBreakpointsAndScoresOnTenCustomers() {
        List<RfmModel.Values> population = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            // recency 10·i days, frequency i, monetary 100·i
            population.add(new RfmModel.Values("c" + i, 10 * i, i, 100.0 * i));
        }
        RfmModel model = RfmModel.fit(population);
        // sorted best-last, the 20/40/60/80 % ranks are the 2nd, 4th, 6th, 8th values
        assertThat(model.frequency()).containsExactly(2, 4, 6, 8);
        assertThat(model.monetary()).containsExactly(200, 400, 600, 800);
        assertThat(model.recency()).containsExactly(90, 70, 50, 30);
        List<RfmModel.Scored> scored = model.scoreAll(population);
        assertThat(scored).extracting(RfmModel.Scored::f).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
        assertThat(scored).extracting(RfmModel.Scored::r).containsExactly(5, 5, 4, 4, 3, 3, 2, 2, 1, 1);
    }

    @Test
    void tiedValuesShareAScore() {
        List<RfmModel.Values> population = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            population.add(new RfmModel.Values("one" + i, 5, 1, 10));
        }
        for (int i = 0; i < 4; i++) {
            population.add(new RfmModel.Values("many" + i, 5, 10 + i, 10));
        }
        List<RfmModel.Scored> scored = RfmModel.fit(population).scoreAll(population);
        assertThat(scored.subList(0, 6)).extracting(RfmModel.Scored::f).containsOnly(1);
        assertThat(scored.subList(6, 10)).extracting(RfmModel.Scored::f).containsExactly(4, 4, 5, 5);
    }

    @Test
    void segmentGridFollowsTheDocumentedMapping() {
        assertThat(RfmSegment.of(5, 5, 5)).isEqualTo(RfmSegment.CHAMPIONS);
        assertThat(RfmSegment.of(5, 4, 3)).isEqualTo(RfmSegment.CHAMPIONS);      // FM = 4
        assertThat(RfmSegment.of(5, 1, 1)).isEqualTo(RfmSegment.NEW);
        assertThat(RfmSegment.of(5, 2, 3)).isEqualTo(RfmSegment.POTENTIAL_LOYALIST);
        assertThat(RfmSegment.of(4, 1, 1)).isEqualTo(RfmSegment.PROMISING);
        assertThat(RfmSegment.of(4, 5, 4)).isEqualTo(RfmSegment.LOYAL);
        assertThat(RfmSegment.of(3, 4, 4)).isEqualTo(RfmSegment.LOYAL);
        assertThat(RfmSegment.of(3, 3, 2)).isEqualTo(RfmSegment.NEEDS_ATTENTION); // FM = 3
        assertThat(RfmSegment.of(2, 3, 4)).isEqualTo(RfmSegment.AT_RISK);
        assertThat(RfmSegment.of(1, 5, 5)).isEqualTo(RfmSegment.CANT_LOSE);
        assertThat(RfmSegment.of(2, 1, 2)).isEqualTo(RfmSegment.HIBERNATING);
        assertThat(RfmSegment.of(1, 2, 1)).isEqualTo(RfmSegment.LOST);
        // every (R, F, M) has a segment
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    assertThat(RfmSegment.of(r, f, m)).isNotNull();
                }
            }
        }
    }
}
