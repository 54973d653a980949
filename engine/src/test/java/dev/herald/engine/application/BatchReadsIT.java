package dev.herald.engine.application;

import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.event.CustomerAliased;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.PageViewed;
import dev.herald.engine.journey.Journey;
import dev.herald.engine.journey.JourneyDefinitions;
import dev.herald.engine.journey.JourneyService;
import dev.herald.engine.journey.JourneyStep;
import dev.herald.engine.journey.ReentryPolicy;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.engine.segment.RfmSegment;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.herald.engine.application.EventProcessingServiceIT.RULES;
import static dev.herald.engine.application.EventProcessingServiceIT.START;
import static dev.herald.engine.application.EventProcessingServiceIT.order;
import static dev.herald.engine.application.EventProcessingServiceIT.pageOf;
import static dev.herald.engine.application.EventProcessingServiceIT.recordingStatements;
import static dev.herald.engine.application.EventProcessingServiceIT.rules;
import static dev.herald.engine.application.EventProcessingServiceIT.signupOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcuts of ADR 0041 against a real database: a batch takes an order's segments and RFM from what its refresh
 * wrote, reads its identity keys once and looks for journey runs only where there are any. Each story is told one
 * event per transaction (prefix "a"), as one batch (prefix "b") and as one batch reading per event (prefix "c", the
 * prefetch off); every decision must see the same facts and land on the same customer. Runs once per database: see
 * {@link BatchReadsH2IT} and {@link BatchReadsPostgresIT}.
 */
abstract class BatchReadsIT {

    /** A journey no test event decides: journeys are on, so every event asks for its customer's runs. */
    static final Journey UNUSED_JOURNEY = new Journey("unused-journey", List.of(
            new JourneyStep.Send("only", "unused", List.of())), Set.of(), ReentryPolicy.NEVER);

    HeraldDatabase db;
    MutableClock clock;
    final List<String> prepared = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Event id without its prefix → the customer and the facts its decision saw. */
    final Map<String, String> seen = new TreeMap<>();

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void openDatabase() {
        db = HeraldDatabase.open(recordingStatements(freshDataSource(), prepared));
        clock = new MutableClock(START);
        // breakpoints of an earlier full RFM computation: recency in days, frequency in orders, monetary in money
        db.transactions().inTransaction(em -> {
            Map<String, double[]> breakpoints = Map.of("recency", new double[]{300, 200, 100, 50},
                    "frequency", new double[]{1, 2, 3, 4}, "monetary", new double[]{10, 20, 50, 100});
            breakpoints.forEach((dimension, b) -> em.createNativeQuery("insert into rfm_breakpoints"
                            + " (dimension, b1, b2, b3, b4, as_of) values (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, dimension).setParameter(2, BigDecimal.valueOf(b[0]))
                    .setParameter(3, BigDecimal.valueOf(b[1])).setParameter(4, BigDecimal.valueOf(b[2]))
                    .setParameter(5, BigDecimal.valueOf(b[3])).setParameter(6, START).executeUpdate());
            return null;
        });
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    /**
     * An order that moves its customer to another RFM segment is decided on the new segment and scores, and the
     * customer's other schemes are kept, without reading segments or RFM back after the refresh.
     */
    @Test
    void orderMovingTheRfmSegmentIsDecidedOnTheNewSegmentWithoutReadingItBack() {
        EventProcessingService service = recordingService(OrderSegmentRefresh.RFM);
        for (String p : List.of("a", "b", "c")) {
            service.process(signupOf(p + "-pre1", p, "c1"));
            // a first small order today: R 5, F 1, M 1
            service.process(order(p + "-pre2", p + "c1", p + "-ord-1", "7.00"));
            db.transactions().inTransaction(em -> em.createNativeQuery("insert into segment_membership (customer_id,"
                    + " scheme, segment, since) values (?1, 'cluster', 'k2', ?2)").setParameter(1, p + "c1")
                    .setParameter(2, START).executeUpdate());
            service.process(signupOf(p + "-pre3", p, "c2"));
        }
        // a second, large order: F 2, M 5
        List<Function<String, CustomerEvent>> story = List.of(
                p -> pageOf(p + "-1-page-other-customer", p, "c2"),
                p -> order(p + "-2-order-moves-segment", p + "c1", p + "-ord-2", "500.00"));

        Map<String, Long> statementsOfTheBatch = new TreeMap<>();
        tellThreeWays(service, story, () -> statementsOfTheBatch.putAll(Map.of(
                "segments", statements("from segment_membership where customer_id in"),
                "rfm", statements("from customer_rfm where customer_id in"))));

        String before = RfmSegment.of(5, 1, 1).label();
        String after = RfmSegment.of(5, 2, 5).label();
        assertThat(after).isNotEqualTo(before);
        assertThat(seen.get("-2-order-moves-segment"))
                .contains("segment=" + after, "segment=k2", "recency=5, frequency=2, monetary=5")
                .doesNotContain("segment=" + before);
        assertThat(statementsOfTheBatch).as("read once at the batch's start, not again after the order")
                .containsEntry("segments", 1L).containsEntry("rfm", 1L);
    }

    /**
     * Identity keys read once for the batch: keys an earlier event of the batch wrote (an alias's previousId, a new
     * address) are seen by the later ones, and after a merge in the middle every key is read again.
     */
    @Test
    void identitiesOfABatchWithAnAliasAndAMergeInTheMiddle() {
        EventProcessingService service = recordingService(OrderSegmentRefresh.NONE);
        for (String p : List.of("a", "b", "c")) {
            service.process(new PageViewed(p + "-pre1", "anon:v-" + p, "v-" + p, "", "", "https://shop.example/x",
                    "x", START));
        }
        List<Function<String, CustomerEvent>> story = List.of(
                // no profile and no key yet: the alias writes key customer_id old-13 → c13, without a merge
                p -> new CustomerAliased(p + "-1-alias-unknown-previous-id", p + "c13", p + "old-13", "", START),
                p -> pageOf(p + "-2-page-under-the-aliased-id", p, "old-13"),
                // a new address: key email c12@… → c12
                p -> signupOf(p + "-3-signup", p, "c12"),
                // an anonymous visitor with that address merges into c12
                p -> new PageViewed(p + "-4-anonymous-page-with-the-address", "anon:u-" + p, "u-" + p,
                        "c12@" + p + ".example", "", "https://shop.example/u", "u", START),
                p -> new CustomerAliased(p + "-5-alias-merges-visitor", p + "c9", "v-" + p, "", START),
                p -> new PageViewed(p + "-6-visitor-page-after-merge", "anon:v-" + p, "v-" + p, "", "",
                        "https://shop.example/y", "y", START),
                p -> pageOf(p + "-7-page-of-the-survivor", p, "c9"));

        tellThreeWays(service, story, () -> { });

        assertThat(seen.get("-2-page-under-the-aliased-id")).startsWith("customer=c13 ");
        assertThat(seen.get("-4-anonymous-page-with-the-address")).startsWith("customer=c12 ");
        assertThat(seen.get("-6-visitor-page-after-merge")).startsWith("customer=c9 ");
        assertThat(service.batchesRedone()).as("no key written twice").isZero();
    }

    /**
     * What ADR 0041 is for: a batch of orders of known customers reads identity keys, segments, RFM, journey runs and
     * RFM breakpoints once each, not once per event; with the prefetch off, per event as before (but the breakpoints).
     */
    @Test
    void batchOfOrdersReadsKeysSegmentsRfmJourneysAndBreakpointsOnceEach() {
        EventProcessingService service = recordingService(OrderSegmentRefresh.RFM);
        List<String> names = List.of("c1", "c2", "c3", "c4");
        for (String p : List.of("b", "c")) {
            names.forEach(name -> service.process(signupOf(p + "-pre-" + name, p, name)));
        }

        prepared.clear();
        service.processBatch(names.stream().map(name -> (CustomerEvent) order("b-" + name, "b" + name,
                "b-ord-" + name, "7.00")).toList());
        Map<String, Long> withPrefetch = readsPerKind();
        prepared.clear();
        service.withBatchPrefetch(false).processBatch(names.stream().map(name -> (CustomerEvent) order("c-" + name,
                "c" + name, "c-ord-" + name, "7.00")).toList());
        Map<String, Long> perEvent = readsPerKind();

        assertThat(withPrefetch).isEqualTo(Map.of("identity", 1L, "segments", 1L, "rfm", 1L, "journeys", 1L,
                "rfm breakpoints", 1L));
        // the breakpoints are kept for the batch either way (they change only with a full computation)
        assertThat(perEvent).containsEntry("rfm breakpoints", 1L);
        perEvent.remove("rfm breakpoints");
        assertThat(perEvent).allSatisfy((kind, reads) -> assertThat(reads).as(kind)
                .isGreaterThanOrEqualTo(names.size()));
        assertThat(db.count("customer_order")).isEqualTo(2L * names.size());
    }

    private Map<String, Long> readsPerKind() {
        return new TreeMap<>(Map.of("identity", statements("from customer_identity"),
                "segments", statements("from segment_membership where customer_id"),
                "rfm", statements("from customer_rfm where customer_id"),
                "journeys", statements("from journey_instance"),
                "rfm breakpoints", statements("from rfm_breakpoints")));
    }

    /** A service whose decisions note the customer and facts they saw, with journeys on and {@code refresh}. */
    private EventProcessingService recordingService(OrderSegmentRefresh refresh) {
        DecisionService recording = rules(facts -> {
            String prefix = facts.eventId().substring(0, 1);
            String customer = facts.customerId().startsWith("anon:") ? facts.customerId().replace("-" + prefix, "-X")
                    : facts.customerId().substring(1);
            seen.put(facts.eventId().substring(1), "customer=" + customer + " " + facts.context().toString()
                    .replace(facts.customerId(), "CUSTOMER").replace("@" + prefix + ".example", "@x.example"));
            return RULES.decide(facts);
        });
        JourneyDefinitions definitions = campaign -> campaign.equals(UNUSED_JOURNEY.campaign())
                ? Optional.of(UNUSED_JOURNEY) : Optional.empty();
        return new EventProcessingService(db.transactions(), recording, clock, refresh,
                new JourneyService(db.transactions(), definitions, clock));
    }

    /**
     * Tells {@code story} one event at a time (prefix a), as one batch (b, {@code afterBatch} run right after it)
     * and as one batch reading per event (c), and requires every decision to have seen the same facts; leaves the
     * batch's in {@link #seen}.
     */
    private void tellThreeWays(EventProcessingService service, List<Function<String, CustomerEvent>> story,
                               Runnable afterBatch) {
        seen.clear();
        story.forEach(event -> service.process(event.apply("a")));
        Map<String, String> oneAtATime = new TreeMap<>(seen);
        seen.clear();
        prepared.clear();
        List<EventResult> results = service.processBatch(story.stream().map(event -> event.apply("b")).toList());
        afterBatch.run();
        Map<String, String> batched = new TreeMap<>(seen);
        seen.clear();
        service.withBatchPrefetch(false).processBatch(story.stream().map(event -> event.apply("c")).toList());
        service.withBatchPrefetch(true);
        Map<String, String> readingPerEvent = new TreeMap<>(seen);

        assertThat(results).allMatch(EventResult::succeeded);
        assertThat(service.batchesRedone()).isZero();
        assertThat(batched).hasSize(story.size()).isEqualTo(oneAtATime).isEqualTo(readingPerEvent);
        seen.clear();
        seen.putAll(batched);
    }

    private long statements(String fragment) {
        synchronized (prepared) {
            return prepared.stream().map(sql -> sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "))
                    .filter(sql -> sql.contains(fragment) && sql.startsWith("select")).count();
        }
    }
}
