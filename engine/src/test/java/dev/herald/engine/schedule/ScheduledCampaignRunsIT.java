package dev.herald.engine.schedule;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.EventType;
import dev.herald.engine.schedule.ScheduledCampaignRuns.Outcome;
import dev.herald.engine.schedule.ScheduledCampaignRuns.Run;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled campaigns (ADR 0061): at its time, every customer with an address is asked once whether the campaign
 * is for them, through the real event processing, and its audience gets one email each; a run that stops midway
 * goes on where it stopped; one node works on a run at a time. 250 customers with an address (more than two
 * pages) and 3 without; the test rule base sends "newsletter" to customers whose number is even. Runs on H2 and
 * PostgreSQL (subclasses).
 */
abstract class ScheduledCampaignRunsIT {

    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final int WITH_ADDRESS = 250;
    static final int EVEN = WITH_ADDRESS / 2;

    /** How often each customer's scheduled event reached the rule base. */
    final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    final List<DecisionFacts> seen = Collections.synchronizedList(new ArrayList<>());
    /** Customers whose decision fails, to stop a run midway. */
    final Set<String> failing = ConcurrentHashMap.newKeySet();

    final DecisionService rules = new DecisionService() {
        @Override
        public List<Decision> decide(DecisionFacts facts) {
            if (facts.eventType() != EventType.CAMPAIGN_SCHEDULED) {
                return List.of();
            }
            seen.add(facts);
            asked.computeIfAbsent(facts.customerId(), id -> new AtomicInteger()).incrementAndGet();
            if (failing.contains(facts.customerId())) {
                throw new IllegalStateException("rule base failure for " + facts.customerId());
            }
            String campaign = (String) facts.context().eventAttributes().get("campaign");
            int number = Integer.parseInt(facts.customerId().substring(1));
            return number % 2 == 0 ? List.of(new Decision(campaign, campaign + "-template", facts.customerId()))
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
    final List<ScheduledCampaigns.Scheduled> scheduled = new ArrayList<>(
            List.of(new ScheduledCampaigns.Scheduled("newsletter", AT)));

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(AT.minus(Duration.ofDays(1)));
        events = new EventProcessingService(db.transactions(), rules, clock);
        for (int i = 1; i <= WITH_ADDRESS; i++) {
            String id = String.format("C%03d", i);
            events.process(new CustomerSignedUp("signup-" + id, id, id.toLowerCase() + "@example.com", "Customer " + i,
                    clock.instant(), ""));
        }
        db.transactions().inTransaction(em -> {
            for (int i = 1; i <= 3; i++) {
                em.persist(new Customer("N00" + i, null, null, clock.instant()));
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    ScheduledCampaignRuns node(String owner) {
        return new ScheduledCampaignRuns(db.transactions(), events, () -> List.copyOf(scheduled), clock,
                Duration.ofHours(24), owner);
    }

    @Test
    void nothingIsSentBeforeTheCampaignsTime() {
        clock.advance(Duration.ofHours(23));

        assertThat(node("a").runDue()).isEqualTo(new ScheduledCampaignRuns.Poll(0, 0, 0));
        assertThat(node("a").runs()).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void atItsTimeEveryCustomerWithAnAddressIsAskedOnceAndTheAudienceGetsOneEmailEach() {
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        ScheduledCampaignRuns.Poll done = node("a").runDue();

        assertThat(done).isEqualTo(new ScheduledCampaignRuns.Poll(WITH_ADDRESS, EVEN, EVEN));
        assertThat(asked).hasSize(WITH_ADDRESS).allSatisfy((id, count) -> assertThat(count.get()).as(id).isOne());
        assertThat(asked).doesNotContainKeys("N001", "N002", "N003");
        // the rules see the campaign's own time as the event's, and the campaign it is about
        assertThat(seen).allSatisfy(facts -> {
            assertThat(facts.occurredAt()).isEqualTo(AT);
            assertThat(facts.context().eventAttributes()).containsEntry("campaign", "newsletter");
        });
        assertThat(db.rows("select customer_id from outbox_message where campaign = 'newsletter'"))
                .extracting(row -> (String) row.get("customer_id"))
                .hasSize(EVEN).allMatch(id -> Integer.parseInt(id.substring(1)) % 2 == 0);
        assertThat(node("a").runs()).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(Outcome.DONE);
            assertThat(run.campaign()).isEqualTo("newsletter");
            assertThat(run.sendAt()).isEqualTo(AT);
            assertThat(run.finishedAt()).isNotNull();
            assertThat(List.of(run.customers(), run.decided(), run.emails()))
                    .containsExactly((long) WITH_ADDRESS, (long) EVEN, (long) EVEN);
        });

        // a later poll, here or on another node, finds the run done
        assertThat(node("b").runDue().customers()).isZero();
        assertThat(db.count("outbox_message")).isEqualTo(EVEN);
    }

    @Test
    void aCampaignWhoseTimePassedLongerAgoThanAllowedIsRecordedAsMissedAndNotSent() {
        clock.advance(Duration.ofDays(2).plusMinutes(1)); // a day and a minute late

        assertThat(node("a").runDue().customers()).isZero();

        assertThat(seen).isEmpty();
        assertThat(db.count("outbox_message")).isZero();
        assertThat(node("a").runs()).singleElement().extracting(Run::outcome).isEqualTo(Outcome.MISSED);
    }

    @Test
    void aRunHeldUpByAFailingCustomerGoesOnWhereItStoppedAndAsksNobodyTwice() {
        clock.advance(Duration.ofDays(1));
        failing.add("C150");

        ScheduledCampaignRuns.Poll first = node("a").runDue();

        // held at C150: everyone before it asked, the run still running
        assertThat(first.customers()).isGreaterThanOrEqualTo(149).isLessThan(WITH_ADDRESS);
        assertThat(node("a").runs()).singleElement().extracting(Run::outcome).isEqualTo(Outcome.RUNNING);
        assertThat(db.rows("select 1 from outbox_message where customer_id = 'C150'")).isEmpty();

        failing.clear();
        ScheduledCampaignRuns.Poll second = node("a").runDue();

        assertThat(first.customers() + second.customers()).isEqualTo(WITH_ADDRESS);
        assertThat(first.emails() + second.emails()).isEqualTo(EVEN);
        assertThat(db.count("outbox_message")).isEqualTo(EVEN);
        assertThat(db.rows("select 1 from outbox_message where customer_id = 'C150'")).hasSize(1);
        // every customer's scheduled event committed once (a failing batch is rolled back and redone in parts)
        assertThat(db.rows("select customer_id, count(*) as times from processed_event where event_type ="
                + " 'campaign_scheduled' group by customer_id")).hasSize(WITH_ADDRESS)
                .allSatisfy(row -> assertThat(((Number) row.get("times")).intValue()).isOne());
        assertThat(node("a").runs()).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(Outcome.DONE);
            assertThat(run.customers()).isEqualTo(WITH_ADDRESS);
            assertThat(run.emails()).isEqualTo(EVEN);
        });
    }

    @Test
    void anotherNodeLeavesARunAloneWhileItsLeaseHoldsAndTakesItOverAfter() {
        clock.advance(Duration.ofDays(1));
        failing.add("C150");
        node("a").runDue();
        failing.clear();

        // a holds the lease: b does nothing
        assertThat(node("b").poll().customers()).isZero();

        clock.advance(ScheduledCampaignRuns.LEASE.plusSeconds(1));
        ScheduledCampaignRuns.Poll takenOver = node("b").runDue();

        assertThat(takenOver.customers()).isPositive();
        assertThat(node("b").runs()).singleElement().extracting(Run::customers).isEqualTo((long) WITH_ADDRESS);
        assertThat(db.count("outbox_message")).isEqualTo(EVEN);
        assertThat(node("b").runs()).singleElement().extracting(Run::outcome).isEqualTo(Outcome.DONE);
    }

    @Test
    void aRunPausesWhileItsCampaignIsDisabledAndGoesOnWhenItIsEnabledAgain() {
        clock.advance(Duration.ofDays(1));
        failing.add("C150");
        node("a").runDue();
        failing.clear();
        ScheduledCampaigns.Scheduled newsletter = scheduled.remove(0); // disabled: the rule base lists it no more

        assertThat(node("a").runDue().customers()).isZero();
        assertThat(node("a").runs()).singleElement().extracting(Run::outcome).isEqualTo(Outcome.RUNNING);

        scheduled.add(newsletter);
        node("a").runDue();

        assertThat(node("a").runs()).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(Outcome.DONE);
            assertThat(run.customers()).isEqualTo(WITH_ADDRESS);
        });
        assertThat(db.count("outbox_message")).isEqualTo(EVEN);
        assertThat(db.rows("select cursor_id from scheduled_run")).singleElement()
                .satisfies(row -> assertThat(row.get("cursor_id")).as("a finished run keeps no customer id").isNull());
    }

    @Test
    void movingTheCampaignToAnotherTimeStartsANewRunThatEmailsNobodyTwice() {
        clock.advance(Duration.ofDays(1));
        node("a").runDue();
        Instant later = AT.plus(Duration.ofHours(1));
        scheduled.set(0, new ScheduledCampaigns.Scheduled("newsletter", later));
        clock.advance(Duration.ofHours(1));

        ScheduledCampaignRuns.Poll again = node("a").runDue();

        // asked again (a new run), decided again, but one email per campaign and customer stays the rule
        assertThat(again).isEqualTo(new ScheduledCampaignRuns.Poll(WITH_ADDRESS, EVEN, 0));
        assertThat(db.count("outbox_message")).isEqualTo(EVEN);
        assertThat(node("a").runs()).extracting(Run::sendAt).containsExactly(later, AT);
    }

    @Test
    void twoCampaignsAtTheSameTimeEachAskEveryCustomerAboutThemselves() {
        scheduled.add(new ScheduledCampaigns.Scheduled("winter-sale", AT));
        clock.advance(Duration.ofDays(1));

        node("a").runDue();

        Function<String, Integer> queued = campaign -> db.rows("select 1 from outbox_message where campaign = ?",
                campaign).size();
        assertThat(queued.apply("newsletter")).isEqualTo(EVEN);
        assertThat(queued.apply("winter-sale")).isEqualTo(EVEN);
        assertThat(asked).allSatisfy((id, count) -> assertThat(count.get()).as(id).isEqualTo(2));
    }
}
