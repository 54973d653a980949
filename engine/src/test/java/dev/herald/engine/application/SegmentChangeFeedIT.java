package dev.herald.engine.application;

import dev.herald.engine.consent.ConsentService;
import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.decision.RecentSend;
import dev.herald.engine.decision.RfmScore;
import dev.herald.engine.event.EventType;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.event.SegmentChanged;
import dev.herald.engine.imports.CustomerAttribute;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.engine.segment.RfmService;
import dev.herald.engine.segment.SegmentChange;
import dev.herald.engine.segment.SegmentChangeListener;
import dev.herald.engine.segment.SegmentMemberships;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import dev.herald.engine.testsupport.TenCustomerHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segment changes reach the rule base as {@code segment_changed} events, once each, and every decision sees the
 * customer's stored segments, RFM scores, country and consent. Runs on H2 and PostgreSQL (subclasses). Ten
 * customers as in the segmentation test: customer i has i orders of 100, the last 10·i days before the reference
 * date; C9 starts in "Can't lose".
 */
abstract class SegmentChangeFeedIT {

    static final Instant AS_OF = Instant.parse("2011-12-10T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    /** Records every decision request; sends "vip" when a customer enters Champions, "win-back" for At risk. */
    final List<DecisionFacts> seen = Collections.synchronizedList(new ArrayList<>());
    final DecisionService rules = new DecisionService() {
        @Override
        public List<Decision> decide(DecisionFacts facts) {
            seen.add(facts);
            boolean enteredChampions = facts.eventType() == EventType.SEGMENT_CHANGED
                    && "Champions".equals(facts.context().eventAttributes().get("to_segment"));
            boolean enteredAtRisk = facts.eventType() == EventType.SEGMENT_CHANGED
                    && "At risk".equals(facts.context().eventAttributes().get("to_segment"));
            return enteredChampions ? List.of(new Decision("vip", "vip-email", facts.customerId()))
                    : enteredAtRisk ? List.of(new Decision("win-back", "win-back-email", facts.customerId()))
                    : List.of();
        }

        @Override
        public String ruleBaseVersion() {
            return "test";
        }
    };

    HeraldDatabase db;
    MutableClock clock;
    EventProcessingService events;
    SegmentChangeFeed feed;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(NOW);
        TenCustomerHistory.store(db, clock, AS_OF);
        events = new EventProcessingService(db.transactions(), rules, clock, OrderSegmentRefresh.RFM);
        feed = new SegmentChangeFeed(db.transactions(), events);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aLiveOrderMovingACustomerIntoASegmentIsDecidedOnceAsOneSegmentChangedEvent() {
        new RfmService(db.transactions(), SegmentChangeListener.NONE).computeAll(AS_OF, NOW);
        assertThat(feed.drain(4)).isEqualTo(10);   // everyone's first segment, in batches of 4
        assertThat(feed.processPending(100).pending()).isZero();
        // C7 and C8 entered At risk: decided, but imported customers have no email address, so nothing is queued
        assertThat(db.rows("select customer_id from processed_event where event_type = 'segment_changed'"
                + " and decisions = 1 order by customer_id")).extracting(r -> r.get("customer_id"))
                .containsExactly("C7", "C8");
        assertThat(db.count("outbox_message")).isZero();
        seen.clear();

        clock.advance(Duration.ofHours(1));
        events.process(new OrderCompleted("evt-9", "C9", "c9@example.com", "Nine", "web-9", "GBP",
                List.of(new OrderCompleted.OrderItem("85123A", "Heart", 1, new BigDecimal("100"))),
                new BigDecimal("100"), clock.instant()));
        // the order's own decision already sees the segment the order moved C9 into
        assertThat(seen).singleElement().satisfies(facts -> {
            assertThat(facts.eventType()).isEqualTo(EventType.ORDER_COMPLETED);
            assertThat(facts.context().segments()).extracting(s -> s.segment()).containsExactly("Champions");
        });

        SegmentChangeFeed.Poll poll = feed.processPending(100);

        assertThat(poll.pending()).isEqualTo(1);
        assertThat(poll.processed()).isEqualTo(1);
        DecisionFacts decided = seen.get(1);
        assertThat(decided.eventType()).isEqualTo(EventType.SEGMENT_CHANGED);
        assertThat(decided.customerId()).isEqualTo("C9");
        assertThat(decided.context().eventAttributes()).containsEntry("scheme", "rfm")
                .containsEntry("from_segment", "Can't lose").containsEntry("to_segment", "Champions");
        assertThat(decided.context().segments()).extracting(s -> s.segment()).containsExactly("Champions");
        assertThat(decided.context().rfm()).isEqualTo(new RfmScore("C9", 5, 5, 5));
        assertThat(decided.context().country()).isEqualTo("United Kingdom");
        assertThat(decided.occurredAt()).isEqualTo(clock.instant());
        long changeId = lastChangeId();
        assertThat(decided.eventId()).isEqualTo(SegmentChanged.eventIdOf(changeId));
        assertThat(db.row("select event_type, customer_id from processed_event where event_id = ?",
                SegmentChanged.eventIdOf(changeId))).containsEntry("event_type", "segment_changed")
                .containsEntry("customer_id", "C9");
        assertThat(db.row("select campaign, customer_id, event_id, recipient from outbox_message"))
                .containsEntry("campaign", "vip").containsEntry("customer_id", "C9")
                .containsEntry("event_id", SegmentChanged.eventIdOf(changeId))
                .containsEntry("recipient", "c9@example.com");

        // polling again finds nothing; a racing second poller that took the same change is a no-op
        assertThat(feed.processPending(100).pending()).isZero();
        SegmentChange change = db.transactions().inTransaction(em -> SegmentMemberships.changesAfter(em, changeId - 1, 1).get(0));
        assertThat(events.process(SegmentChangeFeed.eventOf(change)).duplicate()).isTrue();
        assertThat(seen).hasSize(2);
        assertThat(db.count("outbox_message")).isEqualTo(1);
        assertThat(db.row("select count(*) as n from processed_event where event_type = 'segment_changed'").get("n"))
                .satisfies(n -> assertThat(((Number) n).longValue()).isEqualTo(11));

        // the next decision knows the vip email is on record (what frequency caps count)
        events.process(new OrderCompleted("evt-9b", "C9", "c9@example.com", "Nine", "web-9b", "GBP",
                List.of(new OrderCompleted.OrderItem("85123A", "Heart", 1, new BigDecimal("100"))),
                new BigDecimal("100"), clock.instant()));
        assertThat(seen.get(seen.size() - 1).context().recentSends()).extracting(RecentSend::campaign)
                .containsExactly("vip");
        assertThat(feed.processPending(100).pending()).isZero();   // still Champions: no change
    }

    @Test
    void decisionsSeeTheConsentRecordsAndNoConsentWhenNoneIsRecorded() {
        new RfmService(db.transactions(), SegmentChangeListener.NONE).computeAll(AS_OF, NOW);
        db.transactions().inTransaction(em -> {
            ConsentService.state(em, "C8", "email", true, "crm", NOW);
            ConsentService.state(em, "C8", "sms", false, "crm", NOW);
            // a stray attribute of that name is not consent: consent_record is the one store (ADR 0034)
            em.persist(new CustomerAttribute("C7", "consent_email", "yes", null));
            return null;
        });

        feed.drain(100);

        DecisionFacts c8 = seen.stream().filter(f -> f.customerId().equals("C8")).findFirst().orElseThrow();
        assertThat(c8.context().consents()).containsExactlyInAnyOrder(new ConsentFact("C8", "email", true),
                new ConsentFact("C8", "sms", false));
        assertThat(c8.context().eventAttributes()).containsEntry("to_segment", "At risk")
                .doesNotContainKey("from_segment");
        assertThat(c8.context().customerAttributes()).doesNotContainKeys("consent_email", "country");
        DecisionFacts c7 = seen.stream().filter(f -> f.customerId().equals("C7")).findFirst().orElseThrow();
        assertThat(c7.context().consents()).isEmpty();
        assertThat(c7.context().customerAttributes()).doesNotContainKey("consent_email");
    }

    private long lastChangeId() {
        return ((Number) db.row("select max(id) as m from segment_change").get("m")).longValue();
    }
}
