package dev.herald.engine.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A scheduled campaign's event id is one per run and customer, and always fits the 100-character id column. */
class CampaignScheduledTest {

    @Test
    void theIdNamesTheRunAndTheCustomer() {
        assertThat(CampaignScheduled.eventIdOf(7, "C-1")).isEqualTo("scheduled:7:C-1");
    }

    @Test
    void aCustomerIdTooLongToFitIsReplacedByItsHashStillOnePerCustomer() {
        String longId = "c".repeat(EventParser.MAX_ID_LENGTH);
        String otherLongId = "c".repeat(EventParser.MAX_ID_LENGTH - 1) + "d";

        String id = CampaignScheduled.eventIdOf(123456, longId);

        assertThat(id).hasSizeLessThanOrEqualTo(EventParser.MAX_ID_LENGTH).startsWith("scheduled:123456:#");
        assertThat(CampaignScheduled.eventIdOf(123456, longId)).isEqualTo(id);
        assertThat(CampaignScheduled.eventIdOf(123456, otherLongId)).isNotEqualTo(id);
        assertThat(CampaignScheduled.eventIdOf(123457, longId)).isNotEqualTo(id);
    }
}
