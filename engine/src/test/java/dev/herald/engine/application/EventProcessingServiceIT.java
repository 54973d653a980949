package dev.herald.engine.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.event.OrderCompleted.OrderItem;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EventProcessingService} against a real database. Runs once per database Herald supports: see the
 * subclasses {@link EventProcessingServiceH2IT} and {@link EventProcessingServicePostgresIT}.
 */
abstract class EventProcessingServiceIT {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    /** The rules of these tests: "welcome" on signup, "thank-you" on a customer's first order. */
    static final DecisionService RULES = rules(facts -> switch (facts.eventType()) {
        case CUSTOMER_SIGNED_UP -> List.of(new Decision("welcome", "welcome-email", facts.customerId()));
        case ORDER_COMPLETED -> facts.orderCount() == 1
                ? List.of(new Decision("thank-you", "thank-you-email", facts.customerId()))
                : List.of();
        default -> List.of();
    });

    private final ObjectMapper json = new ObjectMapper();

    HeraldDatabase db;
    MutableClock clock;
    EventProcessingService service;

    /** A new, empty database for one test. */
    protected abstract DataSource freshDataSource();

    /** Every SQL statement the tests' database was asked to prepare, in order. */
    final List<String> prepared = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void openDatabase() {
        db = HeraldDatabase.open(recordingStatements(freshDataSource(), prepared));
        clock = new MutableClock(START);
        service = new EventProcessingService(db.transactions(), RULES, clock);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void signupCreatesCustomerAndQueuesOneWelcomeEmail() throws Exception {
        ProcessingOutcome outcome = service.process(signup("evt-s1", "cust-1"));

        assertThat(outcome.duplicate()).isFalse();
        assertThat(outcome.eventId()).isEqualTo("evt-s1");
        assertThat(outcome.decisions()).containsExactly(new Decision("welcome", "welcome-email", "cust-1"));
        assertThat(outcome.queued()).isEqualTo(1);

        Map<String, Object> customer = db.row("select * from customer where id = ?", "cust-1");
        assertThat(customer).containsEntry("email", "ada@example.com").containsEntry("name", "Ada Lovelace");
        assertThat(((Number) customer.get("order_count")).longValue()).isZero();
        assertThat((BigDecimal) customer.get("lifetime_spend")).isEqualByComparingTo("0");
        assertThat(instant(customer.get("created_at"))).isEqualTo(START);

        Map<String, Object> message = db.row("select * from outbox_message");
        assertThat(message).containsEntry("campaign", "welcome").containsEntry("customer_id", "cust-1")
                .containsEntry("step", "1").containsEntry("variant", "A").containsEntry("event_id", "evt-s1")
                .containsEntry("template_key", "welcome-email").containsEntry("recipient", "ada@example.com")
                .containsEntry("status", "PENDING");
        assertThat(((Number) message.get("attempts")).intValue()).isZero();
        assertThat(instant(message.get("next_attempt_at"))).isEqualTo(START);
        assertThat(message.get("lease_until")).isNull();
        JsonNode model = json.readTree((String) message.get("model_json"));
        assertThat(model.at("/customer/id").asText()).isEqualTo("cust-1");
        assertThat(model.at("/customer/firstName").asText()).isEqualTo("Ada");
        assertThat(model.at("/campaign").asText()).isEqualTo("welcome");
        assertThat(model.at("/eventId").asText()).isEqualTo("evt-s1");
        assertThat(model.has("order")).isFalse();

        assertThat(db.row("select * from processed_event where event_id = ?", "evt-s1"))
                .containsEntry("event_type", "customer_signed_up").containsEntry("customer_id", "cust-1");
        assertThat(db.counts()).containsEntry("customer", 1L).containsEntry("outbox_message", 1L)
                .containsEntry("processed_event", 1L).containsEntry("customer_order", 0L);
    }

    @Test
    void firstOrderStoresOrderWithLinesCountsItAndQueuesThankYou() throws Exception {
        ProcessingOutcome outcome = service.process(order("evt-o1", "cust-1", "ord-1", "7.00"));

        assertThat(outcome.duplicate()).isFalse();
        assertThat(outcome.decisions()).containsExactly(new Decision("thank-you", "thank-you-email", "cust-1"));
        assertThat(outcome.queued()).isEqualTo(1);

        Map<String, Object> customer = db.row("select * from customer where id = ?", "cust-1");
        assertThat(((Number) customer.get("order_count")).longValue()).isEqualTo(1);
        assertThat((BigDecimal) customer.get("lifetime_spend")).isEqualByComparingTo("7.00");

        Map<String, Object> stored = db.row("select * from customer_order where id = ?", "ord-1");
        assertThat(stored).containsEntry("customer_id", "cust-1").containsEntry("event_id", "evt-o1")
                .containsEntry("currency", "GBP");
        assertThat((BigDecimal) stored.get("total")).isEqualByComparingTo("7.00");
        assertThat(instant(stored.get("ordered_at"))).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));

        List<Map<String, Object>> lines = db.rows("select * from order_line where order_id = ? order by line_no",
                "ord-1");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsEntry("product_id", "p-tea").containsEntry("product_name", "Tea")
                .containsEntry("quantity", 2);
        assertThat((BigDecimal) lines.get(0).get("unit_price")).isEqualByComparingTo("2.50");
        assertThat(lines.get(1)).containsEntry("product_id", "p-mug").containsEntry("product_name", "")
                .containsEntry("quantity", 1);
        assertThat((BigDecimal) lines.get(1).get("unit_price")).isEqualByComparingTo("2.00");

        Map<String, Object> message = db.row("select * from outbox_message");
        assertThat(message).containsEntry("campaign", "thank-you").containsEntry("template_key", "thank-you-email")
                .containsEntry("event_id", "evt-o1").containsEntry("status", "PENDING");
        JsonNode model = json.readTree((String) message.get("model_json"));
        assertThat(model.at("/order/id").asText()).isEqualTo("ord-1");
        assertThat(model.at("/order/total").asText()).isEqualTo("£7.00");
        assertThat(model.at("/order/items/0/lineTotal").asText()).isEqualTo("£5.00");
        assertThat(model.at("/order/items/1/name").asText()).as("product id stands in for a missing name")
                .isEqualTo("p-mug");
    }

    @Test
    void secondOrderAddsToTheProfileButQueuesNothingNew() {
        service.process(order("evt-o1", "cust-1", "ord-1", "7.00"));
        clock.advance(Duration.ofDays(3));

        ProcessingOutcome second = service.process(order("evt-o2", "cust-1", "ord-2", "7.00"));

        assertThat(second.duplicate()).isFalse();
        assertThat(second.decisions()).isEmpty();
        assertThat(second.queued()).isZero();
        Map<String, Object> customer = db.row("select * from customer where id = ?", "cust-1");
        assertThat(((Number) customer.get("order_count")).longValue()).isEqualTo(2);
        assertThat((BigDecimal) customer.get("lifetime_spend")).isEqualByComparingTo("14.00");
        assertThat(instant(customer.get("updated_at"))).isEqualTo(START.plus(Duration.ofDays(3)));
        assertThat(db.counts()).containsEntry("customer_order", 2L).containsEntry("order_line", 4L)
                .containsEntry("outbox_message", 1L).containsEntry("processed_event", 2L);
    }

    @Test
    void sameEventIdProcessedTwiceIsReportedDuplicateAndChangesNothing() {
        OrderCompleted event = order("evt-o1", "cust-1", "ord-1", "7.00");
        service.process(event);
        Map<String, Long> countsBefore = db.counts();
        Map<String, Object> customerBefore = db.row("select * from customer where id = ?", "cust-1");
        clock.advance(Duration.ofMinutes(5));

        ProcessingOutcome again = service.process(event);

        assertThat(again.duplicate()).isTrue();
        assertThat(again.eventId()).isEqualTo("evt-o1");
        assertThat(again.decisions()).isEmpty();
        assertThat(again.queued()).isZero();
        assertThat(db.counts()).isEqualTo(countsBefore);
        assertThat(db.row("select * from customer where id = ?", "cust-1")).isEqualTo(customerBefore);
    }

    @Test
    void eventIdIsTheIdempotencyKeyWhateverTheContent() {
        service.process(signup("evt-1", "cust-1"));
        Map<String, Long> countsBefore = db.counts();

        ProcessingOutcome again = service.process(order("evt-1", "cust-2", "ord-9", "7.00"));

        assertThat(again.duplicate()).isTrue();
        assertThat(db.counts()).isEqualTo(countsBefore);
    }

    @Test
    void sameOrderUnderTwoEventIdsCountsOnce() {
        service.process(order("evt-o1", "cust-1", "ord-1", "7.00"));

        ProcessingOutcome resent = service.process(order("evt-o1-resent", "cust-1", "ord-1", "7.00"));

        assertThat(resent.duplicate()).as("a new event id is a new event").isFalse();
        assertThat(resent.queued()).as("thank-you was queued by the first event").isZero();
        Map<String, Object> customer = db.row("select * from customer where id = ?", "cust-1");
        assertThat(((Number) customer.get("order_count")).longValue()).isEqualTo(1);
        assertThat((BigDecimal) customer.get("lifetime_spend")).isEqualByComparingTo("7.00");
        assertThat(db.row("select event_id from customer_order where id = ?", "ord-1"))
                .containsEntry("event_id", "evt-o1");
        assertThat(db.counts()).containsEntry("customer_order", 1L).containsEntry("order_line", 2L)
                .containsEntry("outbox_message", 1L).containsEntry("processed_event", 2L);
    }

    @Test
    void sameCampaignIsNeverQueuedTwiceForOneCustomer() {
        service.process(signup("evt-s1", "cust-1"));

        ProcessingOutcome repeat = service.process(signup("evt-s2", "cust-1"));

        assertThat(repeat.duplicate()).isFalse();
        assertThat(repeat.decisions()).as("the rules still decide").hasSize(1);
        assertThat(repeat.queued()).as("but the outbox takes the campaign once").isZero();
        assertThat(db.rows("select event_id from outbox_message where campaign = 'welcome'"))
                .containsExactly(Map.of("event_id", "evt-s1"));
        assertThat(db.count("processed_event")).isEqualTo(2);
    }

    @Test
    void sameCampaignForAnotherCustomerIsQueued() {
        service.process(signup("evt-s1", "cust-1"));

        ProcessingOutcome other = service.process(signup("evt-s2", "cust-2"));

        assertThat(other.queued()).isEqualTo(1);
        assertThat(db.count("outbox_message")).isEqualTo(2);
    }

    @Test
    void laterEventUpdatesContactDetailsButABlankNameKeepsTheKnownOne() {
        service.process(signup("evt-s1", "cust-1"));
        clock.advance(Duration.ofHours(1));

        service.process(new CustomerSignedUp("evt-s2", "cust-1", "ada@newmail.example", "", START));

        Map<String, Object> customer = db.row("select * from customer where id = ?", "cust-1");
        assertThat(customer).containsEntry("email", "ada@newmail.example").containsEntry("name", "Ada Lovelace");
        assertThat(instant(customer.get("created_at"))).isEqualTo(START);
        assertThat(instant(customer.get("updated_at"))).isEqualTo(START.plus(Duration.ofHours(1)));
    }

    @Test
    void failureInsideTheTransactionLeavesTheDatabaseUnchanged() {
        service.process(signup("evt-s1", "cust-1"));
        Map<String, Long> countsBefore = db.counts();
        Map<String, Object> customerBefore = db.row("select * from customer where id = ?", "cust-1");
        AtomicInteger asked = new AtomicInteger();
        EventProcessingService failing = new EventProcessingService(db.transactions(), rules(facts -> {
            asked.incrementAndGet();
            throw new IllegalStateException("rule base unavailable");
        }), clock);

        assertThatThrownBy(() -> failing.process(order("evt-o1", "cust-1", "ord-1", "7.00")))
                .hasMessage("rule base unavailable");
        assertThatThrownBy(() -> failing.process(signup("evt-s2", "cust-2")))
                .hasMessage("rule base unavailable");

        assertThat(asked).hasValue(2);
        assertThat(db.counts()).isEqualTo(countsBefore);
        assertThat(db.row("select * from customer where id = ?", "cust-1")).isEqualTo(customerBefore);
        assertThat(db.rows("select * from customer where id = ?", "cust-2")).isEmpty();
        assertThat(db.rows("select * from processed_event where event_id in ('evt-o1', 'evt-s2')")).isEmpty();
    }

    @Test
    void redeliveryAfterAFailedAttemptIsProcessedInFull() {
        EventProcessingService failing = new EventProcessingService(db.transactions(), rules(facts -> {
            throw new IllegalStateException("rule base unavailable");
        }), clock);
        OrderCompleted event = order("evt-o1", "cust-1", "ord-1", "7.00");
        assertThatThrownBy(() -> failing.process(event)).isInstanceOf(IllegalStateException.class);

        ProcessingOutcome redelivered = service.process(event);

        assertThat(redelivered.duplicate()).isFalse();
        assertThat(redelivered.queued()).isEqualTo(1);
        assertThat(((Number) db.row("select order_count from customer").get("order_count")).longValue())
                .isEqualTo(1);
        assertThat(db.counts()).containsEntry("customer_order", 1L).containsEntry("processed_event", 1L);
    }

    @Test
    void databaseErrorAfterEarlierWritesRollsBackEverything() {
        // the outbox insert fails (campaign longer than its column) after the customer, order and lines
        EventProcessingService rejectedByDatabase = new EventProcessingService(db.transactions(),
                rules(facts -> List.of(new Decision("c".repeat(150), "thank-you-email", facts.customerId()))),
                clock);

        assertThatThrownBy(() -> rejectedByDatabase.process(order("evt-o1", "cust-1", "ord-1", "7.00")))
                .isInstanceOf(RuntimeException.class);

        assertThat(db.counts()).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    }

    @Test
    void eventsOfManyCustomersAreKeptApart() {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String customer = "cust-" + i;
            customers.add(customer);
            service.process(signup("evt-s" + i, customer));
            service.process(order("evt-o" + i, customer, "ord-" + i, "7.00"));
        }

        assertThat(db.counts()).containsEntry("customer", 20L).containsEntry("customer_order", 20L)
                .containsEntry("outbox_message", 40L).containsEntry("processed_event", 40L);
        assertThat(db.rows("select distinct customer_id from outbox_message")).hasSize(customers.size());
    }

    // ---- batches (ADR 0032) -----------------------------------------------------------------------------

    @Test
    void batchReturnsOneOutcomePerEventInOrderAndAppliesOneCustomersEventsInOrder() {
        List<EventResult> results = service.processBatch(List.of(
                signup("evt-s1", "cust-1"), order("evt-o1", "cust-1", "ord-1", "7.00"), signup("evt-s2", "cust-2")));

        assertThat(results).extracting(EventResult::eventId).containsExactly("evt-s1", "evt-o1", "evt-s2");
        assertThat(results).allMatch(EventResult::succeeded);
        assertThat(results.get(0).outcome().orElseThrow().decisions())
                .containsExactly(new Decision("welcome", "welcome-email", "cust-1"));
        // the order saw the signup's customer (first order -> thank-you) in the same transaction
        assertThat(results.get(1).outcome().orElseThrow().decisions())
                .containsExactly(new Decision("thank-you", "thank-you-email", "cust-1"));
        assertThat(results.get(1).outcome().orElseThrow().queued()).isEqualTo(1);
        assertThat(((Number) db.row("select order_count from customer where id = ?", "cust-1").get("order_count"))
                .longValue()).isEqualTo(1);
        assertThat(db.rows("select campaign from outbox_message where customer_id = ? order by id", "cust-1"))
                .extracting(r -> r.get("campaign")).containsExactly("welcome", "thank-you");
        assertThat(db.counts()).containsEntry("customer", 2L).containsEntry("processed_event", 3L)
                .containsEntry("outbox_message", 3L).containsEntry("customer_order", 1L);
    }

    @Test
    void duplicateInsideOneBatchIsRecognisedAndChangesNothing() {
        service.process(signup("evt-s0", "cust-0"));

        List<EventResult> results = service.processBatch(List.of(signup("evt-s1", "cust-1"),
                signup("evt-s1", "cust-1"), signup("evt-s0", "cust-0")));

        assertThat(results).extracting(r -> r.outcome().orElseThrow().duplicate()).containsExactly(false, true, true);
        assertThat(db.counts()).containsEntry("customer", 2L).containsEntry("processed_event", 2L)
                .containsEntry("outbox_message", 2L);
    }

    @Test
    void failingEventFallsBackToOneAtATimeAndTheOthersAreAppliedOnce() {
        AtomicInteger asked = new AtomicInteger();
        EventProcessingService failingForOne = new EventProcessingService(db.transactions(), rules(facts -> {
            asked.incrementAndGet();
            if (facts.customerId().equals("cust-bad")) {
                throw new IllegalStateException("refused cust-bad");
            }
            return RULES.decide(facts);
        }), clock);

        List<EventResult> results = failingForOne.processBatch(List.of(signup("evt-s1", "cust-1"),
                signup("evt-bad", "cust-bad"), signup("evt-s2", "cust-2")));

        assertThat(results).extracting(EventResult::eventId).containsExactly("evt-s1", "evt-bad", "evt-s2");
        assertThat(results.get(0).succeeded()).isTrue();
        assertThat(results.get(1).failure()).get().extracting(Throwable::getMessage).isEqualTo("refused cust-bad");
        assertThat(results.get(2).succeeded()).isTrue();
        assertThat(results.get(2).outcome().orElseThrow().duplicate()).isFalse();
        // batch: cust-1 then cust-bad failed, rolled back; alone: cust-1, cust-bad (failed again), cust-2
        assertThat(asked).hasValue(5);
        assertThat(db.counts()).containsEntry("customer", 2L).containsEntry("processed_event", 2L)
                .containsEntry("outbox_message", 2L);
        assertThat(db.rows("select * from customer where id = ?", "cust-bad")).isEmpty();
    }

    @Test
    void batchRedoneInPartsIsCountedOnceAndACleanBatchIsNot() {
        EventProcessingService failingForOne = new EventProcessingService(db.transactions(), rules(facts -> {
            if (facts.customerId().equals("cust-bad")) {
                throw new IllegalStateException("refused cust-bad");
            }
            return RULES.decide(facts);
        }), clock);

        failingForOne.processBatch(List.of(signup("evt-s1", "cust-1"), signup("evt-s2", "cust-2")));
        assertThat(failingForOne.batchesRedone()).isZero();

        // the batch fails at cust-bad: rolled back once, then applied again as [evt-s3], evt-bad alone, [evt-s4]
        List<EventResult> results = failingForOne.processBatch(List.of(signup("evt-s3", "cust-3"),
                signup("evt-bad", "cust-bad"), signup("evt-s4", "cust-4")));

        assertThat(results).extracting(EventResult::succeeded).containsExactly(true, false, true);
        assertThat(failingForOne.batchesRedone()).isEqualTo(1);
    }

    /**
     * A batch reads its customers' facts once at its start (ADR 0038); what an earlier event of the batch, or the
     * event itself, changed must still reach each decision. The same story is told twice on fresh customers:
     * one event per transaction (prefix "a"), then the in-batch part as one batch (prefix "b"), and as one batch
     * reading per event (prefix "c", prefetch off); every decision must have seen the same facts.
     */
    @Test
    void batchDecidesOnTheSameFactsAsOneEventAtATime() {
        Map<String, String> seen = new java.util.TreeMap<>();
        DecisionService recording = rules(facts -> {
            String prefix = facts.eventId().substring(0, 1);
            seen.put(facts.eventId().substring(1), facts.context().toString()
                    .replace(facts.customerId(), "CUSTOMER").replace("@" + prefix + ".example", "@x.example"));
            return RULES.decide(facts);
        });
        // an order moves its customer into segment "buyer" (as the RFM refresh does) inside the event transaction
        EventProcessingService recorder = new EventProcessingService(db.transactions(), recording, clock,
                (em, customerId, now) -> em.createNativeQuery("insert into segment_membership (customer_id, scheme,"
                                + " segment, since) values (?1, 'test', 'buyer', ?2)")
                        .setParameter(1, customerId).setParameter(2, now).executeUpdate());
        for (String p : List.of("a", "b", "c")) {
            // before the batch: known customers, one with a consent and a trait, an anonymous visitor, an address
            // suppressed
            recorder.process(signupOf(p + "-pre3", p, "c3"));
            recorder.process(identifyOf(p + "-pre6", p, "c6", "", Map.of("tier", "silver"), true));
            recorder.process(signupOf(p + "-pre4", p, "c4"));
            recorder.process(new dev.herald.engine.event.PageViewed(p + "-pre7", "anon:v-" + p, "v-" + p, "",
                    "", "https://shop.example/x", "x", START));
            db.transactions().inTransaction(em -> dev.herald.engine.consent.SuppressionList.add(em,
                    "c5@" + p + ".example", dev.herald.engine.consent.SuppressionReason.MANUAL, "test", "", "test",
                    START));
        }
        List<java.util.function.Function<String, CustomerEvent>> story = List.of(
                p -> signupOf(p + "-1-signup", p, "c1"),
                p -> order(p + "-2-order-after-signup", p + "c1", p + "-ord-1", "7.00"),
                p -> identifyOf(p + "-3-identify", p, "c3", "", Map.of("country", "FR", "tier", "gold"), false),
                p -> pageOf(p + "-4-page-after-identify", p, "c3"),
                p -> order(p + "-5-order-moves-segment", p + "c4", p + "-ord-4", "9.00"),
                p -> signupOf(p + "-6-signup-suppressed-address", p, "c5"),
                p -> pageOf(p + "-7-page-prefetched", p, "c6"),
                p -> identifyOf(p + "-8-identify-merges-visitor", p, "c7", "v-" + p, Map.of(), true),
                p -> pageOf(p + "-9-page-after-merge", p, "c7"),
                p -> pageOf(p + "-10-page-prefetched-after-merge", p, "c6"));

        story.forEach(event -> recorder.process(event.apply("a")));
        Map<String, String> oneAtATime = withoutSetUp(seen);
        seen.clear();
        List<EventResult> results = recorder.processBatch(story.stream().map(event -> event.apply("b")).toList());
        Map<String, String> batched = withoutSetUp(seen);
        seen.clear();
        recorder.withBatchPrefetch(false)
                .processBatch(story.stream().map(event -> event.apply("c")).toList());
        Map<String, String> batchedReadingPerEvent = withoutSetUp(seen);

        assertThat(results).allMatch(EventResult::succeeded);
        assertThat(recorder.batchesRedone()).isZero();
        assertThat(batched).hasSize(story.size()).isEqualTo(oneAtATime).isEqualTo(batchedReadingPerEvent);
        // and the facts are the ones the story made, not merely equal
        assertThat(batched.get("-2-order-after-signup")).contains("campaign=welcome");
        assertThat(batched.get("-4-page-after-identify")).contains("country=FR", "tier=gold", "granted=false");
        assertThat(batched.get("-5-order-moves-segment")).contains("segment=buyer");
        assertThat(batched.get("-6-signup-suppressed-address")).contains("channel=email, granted=false");
        assertThat(batched.get("-7-page-prefetched")).contains("tier=silver", "granted=true");
    }

    /** What ADR 0038 is for: a batch reads its customers' attributes in one statement, not one per event. */
    @Test
    void batchReadsItsCustomersAttributesOnceAndPerEventWithThePrefetchOff() {
        List<String> names = List.of("c1", "c2", "c3", "c4");
        names.forEach(name -> service.process(signupOf("pre-" + name, "", name)));

        prepared.clear();
        service.processBatch(names.stream().map(name -> (CustomerEvent) pageOf("on-" + name, "", name)).toList());
        long readsWithPrefetch = attributeReads();
        prepared.clear();
        service.withBatchPrefetch(false)
                .processBatch(names.stream().map(name -> (CustomerEvent) pageOf("off-" + name, "", name)).toList());
        long readsPerEvent = attributeReads();

        assertThat(readsWithPrefetch).isEqualTo(1);
        assertThat(readsPerEvent).isEqualTo(names.size());
    }

    /** A repeated event and a repeated order inside one batch count once, as they would one event at a time. */
    @Test
    void duplicateEventAndRepeatedOrderInsideOneBatchCountOnce() {
        service.process(order("evt-o0", "cust-0", "ord-0", "7.00"));

        List<EventResult> results = service.processBatch(List.of(order("evt-o1", "cust-1", "ord-1", "7.00"),
                order("evt-o1", "cust-1", "ord-1", "7.00"), order("evt-o2", "cust-1", "ord-1", "7.00"),
                order("evt-o3", "cust-0", "ord-0", "7.00")));

        assertThat(results).extracting(r -> r.outcome().orElseThrow().duplicate())
                .containsExactly(false, true, false, false);
        assertThat(service.batchesRedone()).as("recognised in the batch, not by a unique key and a redo").isZero();
        assertThat(db.counts()).containsEntry("customer_order", 2L).containsEntry("processed_event", 4L)
                .containsEntry("outbox_message", 2L);
        assertThat(((Number) db.row("select order_count from customer where id = ?", "cust-1").get("order_count"))
                .longValue()).as("ord-1 counted once").isEqualTo(1);
        assertThat(((Number) db.row("select order_count from customer where id = ?", "cust-0").get("order_count"))
                .longValue()).as("ord-0 was on record before the batch").isEqualTo(1);
    }

    /** A campaign decided twice for one customer in one batch, or queued before it, is queued once. */
    @Test
    void campaignDecidedTwiceInOneBatchIsQueuedOnce() {
        service.process(signup("evt-s0", "cust-0"));

        List<EventResult> results = service.processBatch(List.of(signup("evt-s1", "cust-1"),
                signup("evt-s2", "cust-1"), signup("evt-s3", "cust-0"), signup("evt-s4", "cust-2")));

        assertThat(results).extracting(r -> r.outcome().orElseThrow().queued()).containsExactly(1, 0, 0, 1);
        assertThat(service.batchesRedone()).as("recognised in the batch, not by a unique key and a redo").isZero();
        assertThat(db.rows("select customer_id from outbox_message where campaign = 'welcome' order by customer_id"))
                .extracting(r -> r.get("customer_id")).containsExactly("cust-0", "cust-1", "cust-2");
    }

    /**
     * The conversion candidates are read once per batch and chosen per order: with a one-hour window, an order
     * half an hour after a click goes to the clicked email, one half an hour after a later send (the click now
     * out of the window) to that send, and one before any email to none. Told one event at a time (prefix a),
     * as one batch (b) and as one batch reading per event (c): the same attributions.
     */
    @Test
    void ordersOfOneCustomerInABatchAreEachAttributedToTheirOwnLastTouch() {
        service.withConversionWindow(Duration.ofHours(1));
        Map<String, List<String>> attributed = new java.util.TreeMap<>();
        for (String p : List.of("a", "b", "c")) {
            String customer = p + "-cust";
            service.process(signup(p + "-signup", customer));
            long welcome = ((Number) db.row("select id from outbox_message where customer_id = ?", customer)
                    .get("id")).longValue();
            db.transactions().inTransaction(em -> {
                em.createNativeQuery("update outbox_message set status = 'SENT', sent_at = ?1 where id = ?2")
                        .setParameter(1, Instant.parse("2026-11-23T10:00:00Z")).setParameter(2, welcome)
                        .executeUpdate();
                em.createNativeQuery("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind,"
                                + " occurred_at) values (?1, ?2, 'welcome', 'A', 'CLICK', ?3)")
                        .setParameter(1, welcome).setParameter(2, customer)
                        .setParameter(3, Instant.parse("2026-11-23T11:00:00Z")).executeUpdate();
                em.createNativeQuery("insert into outbox_message (id, campaign, customer_id, step, variant, event_id,"
                                + " template_key, recipient, model_json, status, attempts, created_at, next_attempt_at,"
                                + " sent_at) values (?1, 'promo', ?2, '1', 'A', 'x', 'promo', 'ada@example.com', '{}',"
                                + " 'SENT', 1, ?3, ?3, ?3)")
                        .setParameter(1, welcome + 1_000_000).setParameter(2, customer)
                        .setParameter(3, Instant.parse("2026-11-23T12:00:00Z")).executeUpdate();
                return null;
            });
            List<CustomerEvent> orders = List.of(
                    orderAt(p + "-o-after-click", customer, p + "-ord-1", "2026-11-23T11:30:00Z"),
                    orderAt(p + "-o-after-promo", customer, p + "-ord-2", "2026-11-23T12:30:00Z"),
                    orderAt(p + "-o-before-all", customer, p + "-ord-3", "2026-11-23T09:00:00Z"));
            switch (p) {
                case "a" -> orders.forEach(service::process);
                case "b" -> service.withBatchPrefetch(true).processBatch(orders);
                default -> service.withBatchPrefetch(false).processBatch(orders);
            }
            attributed.put(p, db.rows("select order_id, campaign from engagement_event where kind = 'CONVERSION'"
                            + " and customer_id = ? order by order_id", customer).stream()
                    .map(r -> ((String) r.get("order_id")).substring(1) + "->" + r.get("campaign")).toList());
        }

        assertThat(attributed.get("b")).containsExactly("-ord-1->welcome", "-ord-2->promo");
        assertThat(attributed.get("a")).isEqualTo(attributed.get("b")).isEqualTo(attributed.get("c"));
    }

    /**
     * What ADR 0040 is for: a batch asks whether its events were processed, whether its orders are on record,
     * whether its campaigns are queued and which emails its orders convert, once per batch, not once per event.
     */
    @Test
    void batchChecksItsEventsOnceAndPerEventWithThePrefetchOff() {
        Map<String, Map<String, Long>> statements = new java.util.TreeMap<>();
        for (String p : List.of("on", "off")) {
            List<String> names = List.of("c1", "c2", "c3", "c4");
            names.forEach(name -> service.process(signupOf(p + "-pre-" + name, p, name)));
            prepared.clear();
            service.withBatchPrefetch(p.equals("on")).processBatch(names.stream()
                    .map(name -> (CustomerEvent) order(p + "-" + name, p + name, p + "-ord-" + name, "7.00"))
                    .toList());
            statements.put(p, checkStatements());
            assertThat(db.rows("select customer_id from outbox_message where campaign = 'thank-you'"
                    + " and customer_id like ?", p + "%")).as("every first order thanked").hasSize(names.size());
        }

        assertThat(statements.get("on")).isEqualTo(Map.of("processed", 1L, "order", 1L, "queued", 1L, "touches", 1L));
        assertThat(statements.get("off")).isEqualTo(Map.of("processed", 4L, "order", 4L, "queued", 4L, "touches", 4L));
    }

    /** Statements of each check kind prepared since {@code prepared} was cleared. */
    private Map<String, Long> checkStatements() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        synchronized (prepared) {
            for (String statement : prepared) {
                String sql = statement.toLowerCase(java.util.Locale.ROOT);
                String kind = !sql.startsWith("select") ? null
                        : sql.contains("from processed_event") ? "processed"
                        : sql.contains("from customer_order") ? "order"
                        : sql.contains("from outbox_message") && sql.contains("step") ? "queued"
                        : sql.contains("from engagement_event") ? "touches" : null;
                if (kind != null) {
                    counts.merge(kind, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private long attributeReads() {
        synchronized (prepared) {
            return prepared.stream().map(sql -> sql.toLowerCase(java.util.Locale.ROOT))
                    .filter(sql -> sql.contains("from customer_attribute where customer_id in")).count();
        }
    }

    /** {@code dataSource}, noting in {@code log} the SQL of every statement its connections prepare. */
    static DataSource recordingStatements(DataSource dataSource, List<String> log) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (!(result instanceof java.sql.Connection connection)) {
                        return result;
                    }
                    return java.lang.reflect.Proxy.newProxyInstance(java.sql.Connection.class.getClassLoader(),
                            new Class<?>[]{java.sql.Connection.class}, (c, m, a) -> {
                                if (m.getName().startsWith("prepare") && a != null && a[0] instanceof String sql) {
                                    log.add(sql);
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Map<String, String> withoutSetUp(Map<String, String> seen) {
        Map<String, String> story = new java.util.TreeMap<>(seen);
        story.keySet().removeIf(id -> id.startsWith("-pre"));
        return story;
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static DecisionService rules(Function<DecisionFacts, List<Decision>> rules) {
        return new DecisionService() {
            @Override
            public List<Decision> decide(DecisionFacts facts) {
                return rules.apply(facts);
            }

            @Override
            public String ruleBaseVersion() {
                return "test";
            }
        };
    }

    /** A signup of customer {@code prefix + name} with the address {@code name@prefix.example}. */
    static CustomerSignedUp signupOf(String eventId, String prefix, String name) {
        return new CustomerSignedUp(eventId, prefix + name, name + "@" + prefix + ".example", "Ada Lovelace", START);
    }

    static dev.herald.engine.event.CustomerIdentified identifyOf(String eventId, String prefix, String name,
                                                                 String anonymousId, Map<String, Object> traits,
                                                                 boolean marketing) {
        return new dev.herald.engine.event.CustomerIdentified(eventId, prefix + name, anonymousId,
                name + "@" + prefix + ".example", "Ada Lovelace", traits,
                java.util.Optional.of(new dev.herald.engine.event.CustomerIdentified.Consent(marketing, "test")), START);
    }

    static dev.herald.engine.event.PageViewed pageOf(String eventId, String prefix, String name) {
        return new dev.herald.engine.event.PageViewed(eventId, prefix + name, "", "", "",
                "https://shop.example/p", "p", START);
    }

    static CustomerSignedUp signup(String eventId, String customerId) {
        return new CustomerSignedUp(eventId, customerId, "ada@example.com", "Ada Lovelace",
                Instant.parse("2026-11-23T09:00:00Z"));
    }

    /** {@link #order} placed at {@code orderedAt}. */
    static OrderCompleted orderAt(String eventId, String customerId, String orderId, String orderedAt) {
        OrderCompleted order = order(eventId, customerId, orderId, "7.00");
        return new OrderCompleted(eventId, customerId, order.email(), order.name(), orderId, order.currency(),
                order.items(), order.total(), Instant.parse(orderedAt));
    }

    /** An order of two teas at 2.50 and a mug at 2.00 (which makes 7.00). */
    static OrderCompleted order(String eventId, String customerId, String orderId, String total) {
        return new OrderCompleted(eventId, customerId, "ada@example.com", "Ada Lovelace", orderId, "GBP",
                List.of(new OrderItem("p-tea", "Tea", 2, new BigDecimal("2.50")),
                        new OrderItem("p-mug", "", 1, new BigDecimal("2.00"))),
                new BigDecimal(total), Instant.parse("2026-11-23T10:15:30Z"));
    }
}
