package dev.herald.engine.decision;

import dev.herald.engine.event.EventType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision vocabulary's value types: sensible defaults and refusal of impossible values. */
class DecisionValuesTest {

    @Test
    void factsWithoutContextKnowNothingMoreAndHappenNow() {
        Instant before = Instant.now();
        DecisionFacts facts = new DecisionFacts("e1", EventType.ORDER_COMPLETED, "c1", 1, BigDecimal.TEN, BigDecimal.TEN);

        assertThat(facts.context()).isEqualTo(DecisionContext.EMPTY);
        assertThat(facts.occurredAt()).isBetween(before, Instant.now());
        DecisionContext context = new DecisionContext("France", Map.of(), Map.of(),
                List.of(new SegmentMembership("c1", "At risk")), new RfmScore("c1", 1, 4, 4), List.of(), List.of(), List.of());
        assertThat(facts.withContext(context).context().segments()).extracting(SegmentMembership::segment)
                .containsExactly("At risk");
        assertThat(facts.withContext(context).eventId()).isEqualTo("e1");
    }

    @Test
    void aPlainDecisionSendsNowWithTheDefaultVariant() {
        Decision decision = new Decision("welcome", "welcome", "c1");

        assertThat(decision.variant()).isEqualTo(Decision.DEFAULT_VARIANT);
        assertThat(decision.delay()).isEqualTo(Duration.ZERO);
        assertThat(decision.cancelOnEvent()).isNull();
    }

    @Test
    void scoresOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new RfmScore("c1", 0, 3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RfmScore("c1", 3, 6, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecommendationScore("c1", "p", "home", 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecommendationScore("c1", "p", "home", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RecommendationScore("c1", "p", null, 0.5).category()).isEmpty();
    }
}
