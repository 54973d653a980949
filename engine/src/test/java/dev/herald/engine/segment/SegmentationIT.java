package dev.herald.engine.segment;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.imports.CleanedTransactions;
import dev.herald.engine.imports.CleanedTransactions.LineDraft;
import dev.herald.engine.imports.CleanedTransactions.OrderDraft;
import dev.herald.engine.imports.CustomerAttributeImporter;
import dev.herald.engine.imports.ImportProgress;
import dev.herald.engine.imports.TransactionImporter;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import dev.herald.engine.testsupport.TenCustomerHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Import, RFM, stored membership and segment-changed events against a real database; runs on H2 and on
 * PostgreSQL (subclasses). Ten customers: customer i has i orders of 100, the last one 10·i days before the
 * reference date, so the quintiles put two customers in each score and the segments are known by hand.
 */
abstract class SegmentationIT {

    static final Instant AS_OF = Instant.parse("2011-12-10T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    HeraldDatabase db;
    MutableClock clock;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(NOW);
        TenCustomerHistory.store(db, clock, AS_OF);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void rfmStoresScoresMembershipAndOneChangePerNewMember() {
        RfmService.Result result = new RfmService(db.transactions(), SegmentChangeListener.NONE).computeAll(AS_OF, NOW);

        assertThat(result.scored()).hasSize(10);
        assertThat(db.row("select recency_days, frequency, monetary, r_score, f_score, m_score, segment"
                + " from customer_rfm where customer_id = 'C3'")).containsEntry("recency_days", 30)
                .containsEntry("frequency", 3).containsEntry("r_score", 4).containsEntry("f_score", 2)
                .containsEntry("segment", "Potential loyalist");
        assertThat(segmentOf("C1")).isEqualTo("New");
        assertThat(segmentOf("C5")).isEqualTo("Needs attention");
        assertThat(segmentOf("C8")).isEqualTo("At risk");
        assertThat(segmentOf("C10")).isEqualTo("Can't lose");
        assertThat(db.count("segment_membership")).isEqualTo(10);
        assertThat(db.count("segment_change")).isEqualTo(10);
        assertThat(instant(db.row("select since from segment_membership where customer_id = 'C1'").get("since")))
                .isEqualTo(NOW);

        // same data, later: nobody moves, no new events, "since" kept
        RfmService.Result again = new RfmService(db.transactions(), SegmentChangeListener.NONE)
                .computeAll(AS_OF, NOW.plus(Duration.ofDays(1)));
        assertThat(again.changes()).isEmpty();
        assertThat(db.count("segment_change")).isEqualTo(10);
        assertThat(instant(db.row("select since from segment_membership where customer_id = 'C1'").get("since")))
                .isEqualTo(NOW);
    }

    @Test
    void anOrderEventRescoresTheCustomerAndPublishesTheSegmentChange() {
        List<SegmentChange> heard = new ArrayList<>();
        new RfmService(db.transactions(), heard::add).computeAll(AS_OF, NOW);
        assertThat(heard).hasSize(10);
        assertThat(segmentOf("C9")).isEqualTo("Can't lose");

        clock.advance(Duration.ofHours(1));
        EventProcessingService events = new EventProcessingService(db.transactions(), NO_RULES, clock,
                OrderSegmentRefresh.RFM);
        events.process(new OrderCompleted("evt-9", "C9", "c9@example.com", "Nine", "web-9", "GBP",
                List.of(new OrderCompleted.OrderItem("85123A", "Heart", 1, new BigDecimal("100"))),
                new BigDecimal("100"), clock.instant()));

        // 10 orders, 1,000 spent, bought just now: R = F = M = 5
        assertThat(segmentOf("C9")).isEqualTo("Champions");
        assertThat(instant(db.row("select since from segment_membership where customer_id = 'C9'").get("since")))
                .isEqualTo(clock.instant());
        Map<String, Object> change = db.row("select from_segment, to_segment, changed_at from segment_change"
                + " where customer_id = 'C9' and from_segment is not null");
        assertThat(change).containsEntry("from_segment", "Can't lose").containsEntry("to_segment", "Champions");
        assertThat(db.row("select segment from customer_rfm where customer_id = 'C9'").get("segment"))
                .isEqualTo("Champions");
        // what the rules read
        db.transactions().inTransaction(em -> {
            assertThat(SegmentLookup.segmentsOf(em, "C9")).singleElement()
                    .satisfies(m -> assertThat(m.segment()).isEqualTo("Champions"));
            assertThat(SegmentLookup.rfmOf(em, "C9")).hasValueSatisfying(r -> {
                assertThat(r.r()).isEqualTo(5);
                assertThat(r.values().frequency()).isEqualTo(10);
            });
            return null;
        });
        // the feed a win-back trigger polls: the newest change is C9 entering Champions
        db.transactions().inTransaction(em -> {
            List<SegmentChange> all = SegmentMemberships.changesAfter(em, 0, 100);
            assertThat(all).hasSize(11);
            List<SegmentChange> newest = SegmentMemberships.changesAfter(em, all.get(9).id(), 100);
            assertThat(newest).singleElement().satisfies(c -> {
                assertThat(c.customerId()).isEqualTo("C9");
                assertThat(c.fromSegment()).isEqualTo("Can't lose");
                assertThat(c.toSegment()).isEqualTo("Champions");
            });
            return null;
        });
        // a redelivered event changes nothing
        events.process(new OrderCompleted("evt-9", "C9", "c9@example.com", "Nine", "web-9", "GBP",
                List.of(new OrderCompleted.OrderItem("85123A", "Heart", 1, new BigDecimal("100"))),
                new BigDecimal("100"), clock.instant()));
        assertThat(db.count("segment_change")).isEqualTo(11);
    }

    @Test
    void reimportingOrdersAndCustomerAttributesAddsNothing() {
        Map<String, Long> before = db.counts();
        List<OrderDraft> again = new ArrayList<>();
        again.add(new OrderDraft("inv-1-0", "C1", AS_OF, "United Kingdom",
                List.of(new LineDraft("85123A", "Heart", 1, new BigDecimal("100")))));
        TransactionImporter.StoreResult result = new TransactionImporter(db.transactions(), clock).store(
                new CleanedTransactions("again", "GBP", again,
                        new CleanedTransactions.Counts(1, 1, Map.of(), 0, 0, 0, 0, 1, 1)), ImportProgress.NONE);
        assertThat(result.ordersAlreadyPresent()).isEqualTo(1);
        assertThat(db.counts()).isEqualTo(before);
        assertThat(db.count("product")).isEqualTo(1);

        Path wholesale = Path.of("..", "data", "wholesale-customers", "wholesale-customers.csv");
        CustomerAttributeImporter attributes = new CustomerAttributeImporter(db.transactions(), clock);
        CustomerAttributeImporter.Result first = attributes.importFile(wholesale, null, "W");
        assertThat(first.rows()).isEqualTo(440);
        assertThat(first.customersCreated()).isEqualTo(440);
        long attributeRows = db.count("customer_attribute");
        CustomerAttributeImporter.Result second = attributes.importFile(wholesale, null, "W");
        assertThat(second.customersCreated()).isZero();
        assertThat(second.customersUpdated()).isEqualTo(440);
        assertThat(db.count("customer_attribute")).isEqualTo(attributeRows);
        assertThat(db.row("select number_value from customer_attribute where customer_id = 'W1' and name = 'Fresh'")
                .get("number_value")).satisfies(v -> assertThat(new BigDecimal(v.toString())).isEqualByComparingTo("12669"));
    }

    private String segmentOf(String customer) {
        return (String) db.row("select segment from segment_membership where customer_id = ? and scheme = 'rfm'",
                customer).get("segment");
    }

    static final DecisionService NO_RULES = new DecisionService() {
        @Override
        public List<Decision> decide(DecisionFacts facts) {
            return List.of();
        }

        @Override
        public String ruleBaseVersion() {
            return "none";
        }
    };
}
