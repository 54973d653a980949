package dev.herald.engine.scoring;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Engagement scores by hand (ADR 0075): an action is worth its points on its day and half of them one half-life
 * later; a customer's score is the sum over their actions; the segments follow the policy's thresholds.
 */
class ScoringPolicyTest {

    static final ScoringPolicy POLICY = new ScoringPolicy(Duration.ofDays(10),
            Map.of("email_clicked", 4.0, "order_completed", 20.0, "page_viewed", 1.0), 20, 5);
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void anActionIsWorthHalfItsPointsOneHalfLifeLaterAndAQuarterTwoLater() {
        assertThat(POLICY.decayed("email_clicked", Duration.ZERO)).isEqualTo(4.0);
        assertThat(POLICY.decayed("email_clicked", Duration.ofDays(10))).isCloseTo(2.0, within(1e-12));
        assertThat(POLICY.decayed("order_completed", Duration.ofDays(20))).isCloseTo(5.0, within(1e-12));
        assertThat(POLICY.decayed("cart_viewed", Duration.ZERO)).as("not in the policy").isZero();
    }

    @Test
    void aCustomersScoreSumsTheirActionsEachFadedFromItsDay() {
        List<ScoringService.Actions> actions = List.of(
                new ScoringService.Actions("ann", "email_clicked", LocalDate.of(2026, 11, 25), 2), // 2 x 4 today
                new ScoringService.Actions("ann", "order_completed", LocalDate.of(2026, 11, 15), 1), // 20 / 2
                new ScoringService.Actions("bob", "page_viewed", LocalDate.of(2026, 11, 5), 3), // 3 x 1 / 4
                new ScoringService.Actions("cat", "cart_viewed", LocalDate.of(2026, 11, 25), 9)); // worth nothing

        Map<String, Double> scores = ScoringService.score(actions, POLICY, NOW);

        assertThat(scores).containsOnlyKeys("ann", "bob");
        assertThat(scores.get("ann")).isCloseTo(8 + 10, within(1e-9));
        assertThat(scores.get("bob")).isCloseTo(0.75, within(1e-9));
        assertThat(EngagementSegment.of(scores.get("ann"), POLICY)).isEqualTo(EngagementSegment.ENGAGED);
        assertThat(EngagementSegment.of(20, POLICY)).isEqualTo(EngagementSegment.VERY);
        assertThat(EngagementSegment.of(0.75, POLICY)).isEqualTo(EngagementSegment.NOT);
    }

    @Test
    void describesItselfAndRefusesWhatCannotScore() {
        assertThat(POLICY.describe()).isEqualTo("email_clicked 4, page_viewed 1, order_completed 20; points halve"
                + " every 10d; Very engaged from 20, Engaged from 5");
        assertThat(ScoringPolicy.NONE.describe()).isEqualTo("none");
        assertThat(POLICY.window()).isEqualTo(Duration.ofDays(60));
        assertThatThrownBy(() -> new ScoringPolicy(Duration.ofHours(5), Map.of(), 20, 5)).hasMessageContaining("1d");
        assertThatThrownBy(() -> new ScoringPolicy(Duration.ofDays(5), Map.of("tweeted", 1.0), 20, 5))
                .hasMessageContaining("no action 'tweeted'");
        assertThatThrownBy(() -> new ScoringPolicy(Duration.ofDays(5), Map.of(), 5, 5))
                .hasMessageContaining("0 < engaged < veryEngaged");
    }
}
