package dev.herald.engine.application;

import dev.herald.engine.event.CustomerIdentified;
import dev.herald.engine.event.PageViewed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which customer claims a batch takes before its transaction, so that batches touching one profile take turns. */
class BatchClaimKeysTest {

    static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void anIdentifyClaimsTheVisitorsAnonymousProfileThatTheVisitorsOwnPageViewsClaim() {
        PageViewed view = new PageViewed("v1", "anon:r", null, null, null, "/p/1", null, AT);
        CustomerIdentified identify = new CustomerIdentified("id-r", "cust-r", "r", "Rita@Example.com", null,
                Map.of(), Optional.empty(), AT);

        Set<String> viewKeys = EventProcessingService.customerKeys(List.of(view));
        Set<String> identifyKeys = EventProcessingService.customerKeys(List.of(identify));

        assertThat(viewKeys).containsExactly("customer:anon:r");
        assertThat(identifyKeys).containsExactlyInAnyOrder("customer:cust-r", "email:rita@example.com", "anon:r",
                "customer:anon:r");
        assertThat(identifyKeys).as("the two batches share a claim").containsAll(viewKeys);
    }
}
