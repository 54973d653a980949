package dev.herald.engine.application;

import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.EventType;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.event.OrderCompleted.OrderItem;
import dev.herald.engine.identity.CustomerAttributes;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored customer's facts for a simulated event read as event processing reads them, on H2. */
class StoredCustomerFactsH2IT {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    HeraldDatabase db;

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(TestDatabases.h2(dir));
        DecisionService nothing = new DecisionService() {
            @Override
            public List<dev.herald.engine.decision.Decision> decide(DecisionFacts facts) {
                return List.of();
            }

            @Override
            public String ruleBaseVersion() {
                return "none";
            }
        };
        EventProcessingService processing = new EventProcessingService(db.transactions(), nothing,
                new MutableClock(NOW));
        processing.process(new CustomerSignedUp("e1", "C1", "ann@example.com", "Ann", NOW.minusSeconds(60)));
        processing.process(new OrderCompleted("e2", "C1", "ann@example.com", "Ann", "o1", "GBP",
                List.of(new OrderItem("p1", "Mug", 2, new BigDecimal("7.50"))), new BigDecimal("15.00"),
                NOW.minusSeconds(30)));
        db.transactions().inTransaction(em -> {
            CustomerAttributes.put(em, "C1", "country", "United Kingdom", null, "test", NOW);
            CustomerAttributes.put(em, "C1", "plan", "gold", null, "test", NOW);
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theFactsHoldTheStoredProfileAndTheSimulatedEvent() {
        var scores = List.of(new RecommendationScore("C1", "p9", "Kitchen", 0.8));
        DecisionFacts facts = new StoredCustomerFacts(db.transactions()).forEvent("C1", EventType.CHECKOUT_STARTED,
                Map.of("cart_total", new BigDecimal("25")), NOW, scores).orElseThrow();

        assertThat(facts.eventType()).isEqualTo(EventType.CHECKOUT_STARTED);
        assertThat(facts.eventId()).isEqualTo("simulated-checkout_started");
        assertThat(facts.occurredAt()).isEqualTo(NOW);
        assertThat(facts.orderCount()).isEqualTo(1);
        assertThat(facts.lifetimeSpend()).isEqualByComparingTo("15.00");
        assertThat(facts.orderTotal()).isEqualByComparingTo("0");
        assertThat(facts.context().country()).isEqualTo("United Kingdom");
        assertThat(facts.context().customerAttributes()).containsEntry("plan", "gold");
        assertThat(facts.context().eventAttributes()).containsEntry("cart_total", new BigDecimal("25"));
        assertThat(facts.context().recommendations()).isEqualTo(scores);
    }

    @Test
    void anOrderTotalGivenAsAnAttributeIsTheOrdersTotal() {
        DecisionFacts facts = new StoredCustomerFacts(db.transactions()).forEvent("C1", EventType.ORDER_COMPLETED,
                Map.of("total", new BigDecimal("42.10")), NOW, List.of()).orElseThrow();
        assertThat(facts.orderTotal()).isEqualByComparingTo("42.10");
    }

    @Test
    void anUnknownCustomerHasNoFacts() {
        assertThat(new StoredCustomerFacts(db.transactions()).forEvent("nobody", EventType.CUSTOMER_SIGNED_UP,
                Map.of(), NOW, List.of())).isEmpty();
    }
}
