package dev.herald.engine.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.event.OrderCompleted.OrderItem;
import dev.herald.engine.reco.LiveRecommendationService;
import dev.herald.engine.reco.Recommenders;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recommendation engine inside event processing, on a real (H2) database: the model is trained from the
 * stored orders, a new order changes that customer's scores in the same event, the rules see the scores and
 * the queued email carries the recommended products by name; a retrain reads the new orders.
 */
class RecommendationsInProcessingH2IT {

    static final Instant AT = Instant.parse("2026-11-23T10:15:30Z");

    @TempDir
    Path dir;

    HeraldDatabase db;
    LiveRecommendationService recommendations;
    final List<DecisionFacts> decided = new CopyOnWriteArrayList<>();
    /** Decides a cross-sell email on every order, recording what the rules were shown. */
    final DecisionService rules = new DecisionService() {
        @Override
        public List<Decision> decide(DecisionFacts facts) {
            decided.add(facts);
            return facts.eventType() == dev.herald.engine.event.EventType.ORDER_COMPLETED
                    ? List.of(new Decision("cross-sell", "thank-you", facts.customerId())) : List.of();
        }

        @Override
        public String ruleBaseVersion() {
            return "test";
        }
    };

    @BeforeEach
    void shopWithHistory() throws Exception {
        db = HeraldDatabase.open(TestDatabases.h2(dir));
        EventProcessingService withoutRecommendations = new EventProcessingService(db.transactions(), rules,
                new MutableClock(AT));
        // eight customers bought a mug and a teapot, four of them a spoon too; everyone paid postage
        for (int c = 0; c < 8; c++) {
            List<OrderItem> items = new ArrayList<>(List.of(item("MUG", "Mug", "3.50"), item("TEAPOT", "Teapot", "12.00"),
                    item("POST", "Postage", "1.00")));
            if (c < 4) {
                items.add(item("SPOON", "Spoon", "1.00"));
            }
            withoutRecommendations.process(order("e" + c, "c" + c, "o" + c, items));
        }
        try (Connection connection = db.dataSource().getConnection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO product (id, name, kind, first_seen_at) VALUES"
                    + " ('POST', 'POSTAGE', 'SERVICE', CURRENT_TIMESTAMP)");
        }
        recommendations = LiveRecommendationService.start(db.dataSource(), new LiveRecommendationService.Settings(
                Recommenders.DEFAULT, 3, 2, Duration.ZERO, null, "https://shop.example/p/{id}"));
        decided.clear();
    }

    @AfterEach
    void close() {
        if (recommendations != null) {
            recommendations.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anOrderChangesThatCustomersScoresAtOnceAndTheRulesSeeThem() {
        List<RecommendationScore> before = recommendations.forCustomer("ann").scores();
        EventProcessingService processing = new EventProcessingService(db.transactions(), rules,
                new MutableClock(AT), dev.herald.engine.segment.OrderSegmentRefresh.NONE, recommendations);

        processing.process(order("e-ann", "ann", "o-ann", List.of(item("MUG", "Mug", "3.50"))));

        List<RecommendationScore> seenByRules = decided.get(0).context().recommendations();
        assertThat(seenByRules).isNotEmpty().isNotEqualTo(before)
                .allSatisfy(score -> assertThat(score.score()).isBetween(0.0, 1.0));
        assertThat(seenByRules.get(0).productId()).isEqualTo("TEAPOT");
        assertThat(seenByRules).extracting(RecommendationScore::productId)
                .doesNotContain("MUG", "POST");  // already bought; a service code
        assertThat(recommendations.forCustomer("ann").scores()).isEqualTo(seenByRules);
    }

    @Test
    void theQueuedEmailListsTheRecommendedProductsByNameWithPriceAndLink() throws Exception {
        EventProcessingService processing = new EventProcessingService(db.transactions(), rules,
                new MutableClock(AT), dev.herald.engine.segment.OrderSegmentRefresh.NONE, recommendations);
        processing.process(order("e-ann", "ann", "o-ann", List.of(item("MUG", "Mug", "3.50"))));

        JsonNode model = new ObjectMapper().readTree(
                (String) db.row("select model_json from outbox_message where customer_id = ?", "ann").get("model_json"));
        JsonNode first = model.path("recommendations").get(0);
        assertThat(first.path("name").asText()).isEqualTo("Teapot");
        assertThat(first.path("price").asText()).isEqualTo("£12.00");
        assertThat(first.path("link").asText()).isEqualTo("https://shop.example/p/TEAPOT");
    }

    @Test
    void theSameOrderReportedTwiceCountsOnce() {
        recommendations.orderStored("c4", "o-c4-2", List.of("SPOON"));
        List<RecommendationScore> once = recommendations.forCustomer("c4").scores();
        recommendations.orderStored("c4", "o-c4-2", List.of("SPOON"));
        assertThat(recommendations.forCustomer("c4").scores()).isEqualTo(once)
                .extracting(RecommendationScore::productId).doesNotContain("SPOON");
    }

    @Test
    void aRetrainReadsTheNewOrdersAndSwapsTheModel() {
        EventProcessingService processing = new EventProcessingService(db.transactions(), rules,
                new MutableClock(AT), dev.herald.engine.segment.OrderSegmentRefresh.NONE, recommendations);
        processing.process(order("e-ann", "ann", "o-ann", List.of(item("LAMP", "Lamp", "25.00"))));
        assertThat(recommendations.status().generation()).isEqualTo(1);
        assertThat(recommendations.status().customers()).isEqualTo(8);

        LiveRecommendationService.Status after = recommendations.retrain();

        assertThat(after.generation()).isEqualTo(2);
        assertThat(after.customers()).isEqualTo(9);
        assertThat(after.products()).isEqualTo(5);  // MUG, TEAPOT, POST, SPOON and now LAMP
    }

    static OrderItem item(String id, String name, String price) {
        return new OrderItem(id, name, 1, new BigDecimal(price));
    }

    static OrderCompleted order(String eventId, String customerId, String orderId, List<OrderItem> items) {
        BigDecimal total = items.stream().map(OrderItem::unitPrice).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OrderCompleted(eventId, customerId, customerId + "@example.com", "Customer " + customerId,
                orderId, "GBP", items, total, AT);
    }
}
