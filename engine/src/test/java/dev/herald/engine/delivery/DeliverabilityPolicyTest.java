package dev.herald.engine.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the deliverability guard's policy says a campaign must be paused, and how it says why (ADR 0074). */
class DeliverabilityPolicyTest {

    static final DeliverabilityPolicy POLICY = new DeliverabilityPolicy(0.05, 0.003, 100, Duration.ofHours(24));

    @Test
    void aRateAboveTheThresholdOverEnoughEmailsIsABreachWithItsFiguresInWords() {
        assertThat(POLICY.breach(new CampaignHealth("news", 100, 6, 0)))
                .contains("bounce rate 6% (6 of 100 emails in 1d) is above 5%");
        assertThat(POLICY.breach(new CampaignHealth("news", 1000, 0, 4)))
                .contains("spam complaint rate 0.4% (4 of 1000 emails in 1d) is above 0.3%");
    }

    @Test
    void aRateAtTheThresholdTooFewEmailsOrTooFewReportsIsNoBreach() {
        assertThat(POLICY.breach(new CampaignHealth("news", 100, 5, 0))).isEmpty();
        assertThat(POLICY.breach(new CampaignHealth("news", 99, 20, 0))).isEmpty();
        // two complaints in 100 emails is 2%, but two people are not a pattern
        assertThat(POLICY.breach(new CampaignHealth("news", 100, 0, 2))).isEmpty();
        assertThat(DeliverabilityPolicy.NONE.breach(new CampaignHealth("news", 100, 100, 100))).isEmpty();
    }

    @Test
    void describesItselfForPeopleAndRefusesThresholdsThatCannotWork() {
        assertThat(DeliverabilityPolicy.DEFAULT.describe()).isEqualTo("pause a marketing campaign when, over 1d and"
                + " at least 200 emails, more than 5% bounce or more than 0.3% are reported as spam");
        assertThat(DeliverabilityPolicy.NONE.describe()).isEqualTo("none");
        assertThat(DeliverabilityPolicy.percent(0.125)).isEqualTo("12.5%");
        assertThatThrownBy(() -> new DeliverabilityPolicy(0, 0.003, 100, Duration.ofHours(1)))
                .hasMessageContaining("above 0%");
        assertThatThrownBy(() -> new DeliverabilityPolicy(0.05, 0.003, 0, Duration.ofHours(1)))
                .hasMessageContaining("minEmails");
        assertThatThrownBy(() -> new DeliverabilityPolicy(0.05, 0.003, 100, Duration.ofMinutes(5)))
                .hasMessageContaining("at least 1h");
    }
}
