package dev.herald.engine.journey;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.event.OrderCompleted.OrderItem;
import dev.herald.engine.journey.JourneyStep.Delay;
import dev.herald.engine.journey.JourneyStep.Send;
import dev.herald.engine.journey.JourneyStep.Wait;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journeys on a real database with a clock the test moves: delays, waits that end by an event or a timeout,
 * exit events, re-entry and a restart mid-journey. Runs once per database: see {@link JourneyServiceH2IT} and
 * {@link JourneyServicePostgresIT}.
 */
abstract class JourneyServiceIT {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    /** On checkout: wait 1 h for an order, else remind; then wait 24 h for a click, else remind again. */
    static final Journey ABANDONED_CART = new Journey("abandoned-cart", List.of(
            new Wait("wait-order", "order_completed", Duration.ofHours(1), JourneyStep.END, JourneyStep.NEXT),
            new Send("reminder", "cart-reminder", List.of()),
            new Wait("wait-click", "email_clicked", Duration.ofHours(24), JourneyStep.END, JourneyStep.NEXT),
            new Send("last-reminder", "cart-last-reminder", List.of())),
            Set.of("order_completed", "unsubscribed"), ReentryPolicy.after(Duration.ofDays(7)));

    /** Welcome now, tips two days later. */
    static final Journey WELCOME_SERIES = new Journey("welcome-series", List.of(
            new Send("welcome", "welcome-email", List.of()),
            Delay.of("two-days", Duration.ofDays(2)),
            new Send("tips", "tips-email", List.of())),
            Set.of("unsubscribed"), ReentryPolicy.NEVER);

    final Map<String, Journey> journeys = new HashMap<>();
    /** The campaign a signup decides, per test. */
    String campaignOnSignup;

    HeraldDatabase db;
    MutableClock clock;
    JourneyService service;
    EventProcessingService processing;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(START);
        journeys.put(ABANDONED_CART.campaign(), ABANDONED_CART);
        journeys.put(WELCOME_SERIES.campaign(), WELCOME_SERIES);
        campaignOnSignup = ABANDONED_CART.campaign();
        restartServices();
    }

    /** New service instances over the same database, as after a restart of the process. */
    void restartServices() {
        JourneyDefinitions definitions = campaign -> Optional.ofNullable(journeys.get(campaign));
        service = new JourneyService(db.transactions(), definitions, clock, ZoneId.of("Europe/London"),
                Duration.ofMinutes(1));
        processing = new EventProcessingService(db.transactions(), rules(), clock, OrderSegmentRefresh.NONE, service);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void delayStepHoldsTheNextSendUntilItsTimeThenTheSweepQueuesIt() {
        campaignOnSignup = WELCOME_SERIES.campaign();
        processing.process(signup("evt-1", "cust-1", START));

        assertThat(outboxSteps("welcome-series")).containsExactly("welcome");
        Map<String, Object> run = run("welcome-series", "cust-1");
        assertThat(run).containsEntry("current_step", "two-days").containsEntry("status", "ACTIVE");
        assertThat(instant(run.get("wake_at"))).isEqualTo(START.plus(Duration.ofDays(2)));

        clock.advance(Duration.ofDays(2).minusSeconds(1));
        assertThat(service.advanceDue(10)).as("not due a second early").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.advanceDue(10)).isEqualTo(1);

        assertThat(outboxSteps("welcome-series")).containsExactly("welcome", "tips");
        assertThat(db.row("select template_key from outbox_message where step = 'tips'"))
                .containsEntry("template_key", "tips-email");
        assertThat(run("welcome-series", "cust-1")).containsEntry("status", "COMPLETED");
        assertThat(service.advanceDue(10)).as("a completed run has no timer").isZero();
    }

    @Test
    void orderArrivingDuringTheWaitEndsTheJourneyWithoutAnyEmail() {
        processing.process(signup("evt-1", "cust-1", START));
        Map<String, Object> waiting = run("abandoned-cart", "cust-1");
        assertThat(waiting).containsEntry("current_step", "wait-order")
                .containsEntry("waiting_for", "order_completed");
        assertThat(instant(waiting.get("wake_at"))).isEqualTo(START.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(30));
        processing.process(order("evt-2", "cust-1", "ord-1", START.plus(Duration.ofMinutes(30))));

        Map<String, Object> run = run("abandoned-cart", "cust-1");
        assertThat(run).containsEntry("status", "EXITED");
        assertThat((String) run.get("end_reason")).startsWith("exit event order_completed");
        clock.advance(Duration.ofHours(2));
        assertThat(service.advanceDue(10)).isZero();
        assertThat(outboxSteps("abandoned-cart")).isEmpty();
    }

    @Test
    void waitTimingOutSendsTheReminderAndStartsWaitingForAClick() {
        processing.process(signup("evt-1", "cust-1", START));

        clock.advance(Duration.ofHours(1));
        assertThat(service.advanceDue(10)).isEqualTo(1);

        assertThat(outboxSteps("abandoned-cart")).containsExactly("reminder");
        assertThat(db.row("select * from outbox_message")).containsEntry("template_key", "cart-reminder")
                .containsEntry("event_id", "evt-1").containsEntry("recipient", "ada@example.com");
        Map<String, Object> run = run("abandoned-cart", "cust-1");
        assertThat(run).containsEntry("current_step", "wait-click").containsEntry("waiting_for", "email_clicked")
                .containsEntry("status", "ACTIVE");
        assertThat(instant(run.get("wake_at"))).isEqualTo(START.plus(Duration.ofHours(25)));
    }

    @Test
    void aClickDuringTheSecondWaitCompletesTheJourneyWithoutTheLastReminder() {
        processing.process(signup("evt-1", "cust-1", START));
        clock.advance(Duration.ofHours(1));
        service.advanceDue(10);

        clock.advance(Duration.ofHours(3));
        assertThat(service.onCustomerEvent("cust-1", "email_clicked", clock.instant())).isEqualTo(1);

        Map<String, Object> run = run("abandoned-cart", "cust-1");
        assertThat(run).containsEntry("status", "COMPLETED");
        assertThat((String) run.get("end_reason")).contains("event email_clicked");
        clock.advance(Duration.ofDays(2));
        assertThat(service.advanceDue(10)).isZero();
        assertThat(outboxSteps("abandoned-cart")).containsExactly("reminder");
    }

    @Test
    void noClickWithin24HoursSendsTheLastReminder() {
        processing.process(signup("evt-1", "cust-1", START));
        clock.advance(Duration.ofHours(1));
        service.advanceDue(10);
        clock.advance(Duration.ofHours(24));
        assertThat(service.advanceDue(10)).isEqualTo(1);

        assertThat(outboxSteps("abandoned-cart")).containsExactly("reminder", "last-reminder");
        assertThat(run("abandoned-cart", "cust-1")).containsEntry("status", "COMPLETED");
    }

    @Test
    void engagementSignalsTurnAClickIntoEmailClickedAndAnUnsubscribeIntoTheExit() {
        processing.process(signup("evt-1", "cust-1", START));
        clock.advance(Duration.ofHours(1));
        service.advanceDue(10);
        clock.advance(Duration.ofHours(2));

        service.engagementSignals().clicked("cust-1", "abandoned-cart", 1L, clock.instant());
        assertThat(run("abandoned-cart", "cust-1")).containsEntry("status", "COMPLETED");
        assertThat((String) run("abandoned-cart", "cust-1").get("end_reason")).contains("event email_clicked");

        campaignOnSignup = WELCOME_SERIES.campaign();
        processing.process(signup("evt-2", "cust-2", clock.instant()));
        service.engagementSignals().unsubscribed("cust-2", "welcome-series", 2L, clock.instant());
        assertThat(run("welcome-series", "cust-2")).containsEntry("status", "EXITED");
        clock.advance(Duration.ofDays(3));
        service.advanceDue(10);
        assertThat(outboxSteps("welcome-series")).as("no tips after the unsubscribe").containsExactly("welcome");
    }

    @Test
    void anExitSignalByNameEndsTheRunAtAnyStep() {
        processing.process(signup("evt-1", "cust-1", START));
        clock.advance(Duration.ofMinutes(5));

        service.onCustomerEvent("cust-1", "unsubscribed", clock.instant());

        assertThat(run("abandoned-cart", "cust-1")).containsEntry("status", "EXITED");
        clock.advance(Duration.ofHours(2));
        assertThat(service.advanceDue(10)).isZero();
        assertThat(outboxSteps("abandoned-cart")).isEmpty();
    }

    @Test
    void aTimeoutThatFellDueBeforeALateEventIsAppliedFirst() {
        processing.process(signup("evt-1", "cust-1", START));
        // the sweep has not run; a click is reported 2 h after checkout, after the 1 h order wait ran out
        clock.advance(Duration.ofHours(2));
        service.onCustomerEvent("cust-1", "email_clicked", clock.instant());

        assertThat(outboxSteps("abandoned-cart")).as("the timed-out wait sent the reminder").containsExactly("reminder");
        assertThat(run("abandoned-cart", "cust-1")).containsEntry("status", "COMPLETED");
    }

    @Test
    void eventsFromBeforeTheRunStartedDoNotMoveIt() {
        processing.process(signup("evt-1", "cust-1", START));

        service.onCustomerEvent("cust-1", "order_completed", START.minusSeconds(60));

        assertThat(run("abandoned-cart", "cust-1")).containsEntry("status", "ACTIVE")
                .containsEntry("current_step", "wait-order");
    }

    @Test
    void reentryNeverStartsNoSecondRun() {
        campaignOnSignup = WELCOME_SERIES.campaign();
        processing.process(signup("evt-1", "cust-1", START));
        clock.advance(Duration.ofDays(3));
        service.advanceDue(10);
        clock.advance(Duration.ofDays(30));

        processing.process(signup("evt-2", "cust-1", clock.instant()));

        assertThat(db.count("journey_instance")).isEqualTo(1);
        assertThat(outboxSteps("welcome-series")).containsExactly("welcome", "tips");
    }

    @Test
    void reentryAfterCoolDownStartsASecondRunOnlyOnceTheCoolDownIsOver() {
        processing.process(signup("evt-1", "cust-1", START));
        processing.process(signup("evt-2", "cust-1", START.plusSeconds(10)));
        assertThat(db.count("journey_instance")).as("never two runs at once").isEqualTo(1);
        clock.advance(Duration.ofMinutes(10));
        processing.process(order("evt-3", "cust-1", "ord-1", clock.instant()));

        clock.advance(Duration.ofDays(1));
        processing.process(signup("evt-4", "cust-1", clock.instant()));
        assertThat(db.count("journey_instance")).as("within the 7-day cool-down").isEqualTo(1);

        clock.advance(Duration.ofDays(7));
        processing.process(signup("evt-5", "cust-1", clock.instant()));
        List<Map<String, Object>> runs = db.rows("select entry_number, status from journey_instance"
                + " where customer_id = 'cust-1' order by entry_number");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1)).containsEntry("status", "ACTIVE");
        assertThat(((Number) runs.get(1).get("entry_number")).intValue()).isEqualTo(2);

        clock.advance(Duration.ofHours(1));
        service.advanceDue(10);
        assertThat(outboxSteps("abandoned-cart")).as("the second run's emails have their own step key")
                .containsExactly("reminder#2");
    }

    @Test
    void reentryAlwaysStartsANewRunAfterTheLastOneEnded() {
        journeys.put("welcome-series", new Journey("welcome-series", WELCOME_SERIES.steps(), Set.of(),
                ReentryPolicy.ALWAYS));
        campaignOnSignup = "welcome-series";
        processing.process(signup("evt-1", "cust-1", START));
        processing.process(signup("evt-2", "cust-1", START.plusSeconds(1)));
        assertThat(db.count("journey_instance")).isEqualTo(1);
        clock.advance(Duration.ofDays(2));
        service.advanceDue(10);

        processing.process(signup("evt-3", "cust-1", clock.instant()));

        assertThat(db.count("journey_instance")).isEqualTo(2);
        assertThat(outboxSteps("welcome-series")).containsExactly("welcome", "tips", "welcome#2");
    }

    @Test
    void aRestartMidJourneyContinuesFromTheStoredTimer() {
        processing.process(signup("evt-1", "cust-1", START));
        processing.process(signup("evt-2", "cust-2", START));
        clock.advance(Duration.ofHours(1));
        service.advanceDue(10);

        restartServices();
        clock.advance(Duration.ofHours(24));
        service.onCustomerEvent("cust-2", "email_clicked", START.plus(Duration.ofHours(5)));
        assertThat(service.advanceDue(10)).isEqualTo(1);

        assertThat(db.rows("select customer_id, step from outbox_message order by customer_id, id"))
                .extracting(r -> r.get("customer_id") + ":" + r.get("step"))
                .containsExactly("cust-1:reminder", "cust-1:last-reminder", "cust-2:reminder");
    }

    @Test
    void nextLocalTimeDelayWakesAtThatTimeInTheCustomersZone() {
        journeys.put("morning", new Journey("morning", List.of(
                Delay.until("till-nine", LocalTime.of(9, 0)),
                new Send("hello", "welcome-email", List.of())), Set.of(), ReentryPolicy.NEVER));
        campaignOnSignup = "plain-welcome";  // not a journey: one email, and the customer is on record
        processing.process(signup("evt-0", "cust-ny", START.minusSeconds(5)));
        db.transactions().inTransaction(em -> {
            em.find(dev.herald.engine.customer.Customer.class, "cust-ny").setTimeZone("America/New_York", START);
            return null;
        });
        campaignOnSignup = "morning";

        processing.process(signup("evt-1", "cust-ny", START));
        processing.process(signup("evt-2", "cust-uk", START));

        // 12:00 UTC is 07:00 in New York (EST): 09:00 there is 14:00 UTC; London is past 09:00: tomorrow 09:00
        assertThat(instant(run("morning", "cust-ny").get("wake_at"))).isEqualTo(Instant.parse("2026-11-23T14:00:00Z"));
        assertThat(instant(run("morning", "cust-uk").get("wake_at"))).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
    }

    @Test
    void aJourneysEmailsAreWrittenInTheLanguageTheCustomerHasWhenTheJourneyStarts() {
        campaignOnSignup = "plain-welcome";  // not a journey: one email, and the customer is on record
        processing.process(signup("evt-0", "cust-de", START.minusSeconds(5)));
        db.transactions().inTransaction(em -> {
            dev.herald.engine.identity.CustomerAttributes.put(em, "cust-de", "language", "de", null, "test", START);
            dev.herald.engine.identity.CustomerAttributes.put(em, "cust-de", "country", "CH", null, "test", START);
            return null;
        });
        campaignOnSignup = WELCOME_SERIES.campaign();

        processing.process(signup("evt-1", "cust-de", START));
        processing.process(signup("evt-2", "cust-uk", START));

        assertThat(db.row("select model_json from outbox_message where customer_id = 'cust-de' and step = 'welcome'")
                .get("model_json").toString()).contains("\"locale\":\"de-CH\"");
        assertThat(db.row("select model_json from outbox_message where customer_id = 'cust-uk' and step = 'welcome'")
                .get("model_json").toString()).contains("\"locale\":\"en-GB\"");
    }

    @Test
    void aCustomerImportWithATimeZoneColumnSetsTheZoneDelaysUse(@org.junit.jupiter.api.io.TempDir java.nio.file.Path files)
            throws Exception {
        java.nio.file.Path csv = files.resolve("zones.csv");
        java.nio.file.Files.writeString(csv, "id,time_zone\ncust-ny,America/New_York\n");
        new dev.herald.engine.imports.CustomerAttributeImporter(db.transactions(), clock).importFile(csv, "id", "");
        assertThat(db.row("select time_zone from customer where id = 'cust-ny'"))
                .containsEntry("time_zone", "America/New_York");

        java.nio.file.Files.writeString(csv, "id,time_zone\ncust-x,Mars/Olympus\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.herald.engine.imports.CustomerAttributeImporter(
                        db.transactions(), clock).importFile(csv, "id", ""))
                .hasMessage(csv + ":2: column time_zone: 'Mars/Olympus' is not a time zone (e.g. Europe/Berlin)");
    }

    @Test
    void variantSplitInASendStepIsStickyPerCustomerAndUsesTheVariantsTemplate() {
        Send split = new Send("hello", "welcome-email", List.of(new JourneyStep.Variant("a", "welcome-a", 1),
                new JourneyStep.Variant("b", "welcome-b", 1)));
        journeys.put("split", new Journey("split", List.of(split), Set.of(), ReentryPolicy.NEVER));
        campaignOnSignup = "split";
        for (int i = 0; i < 20; i++) {
            processing.process(signup("evt-" + i, "cust-" + i, START));
        }
        List<Map<String, Object>> rows = db.rows("select customer_id, variant, template_key from outbox_message");
        assertThat(rows).hasSize(20);
        for (Map<String, Object> row : rows) {
            JourneyStep.Variant expected = JourneyService.draw(split, "split", (String) row.get("customer_id"));
            assertThat(row).containsEntry("variant", expected.name()).containsEntry("template_key", expected.template());
        }
        assertThat(rows).extracting(r -> r.get("variant")).contains("a", "b");
    }

    @Test
    void statusCountsRunsPerStep() {
        processing.process(signup("evt-1", "cust-1", START));
        processing.process(signup("evt-2", "cust-2", START));
        processing.process(signup("evt-3", "cust-3", START));
        clock.advance(Duration.ofMinutes(10));
        processing.process(order("evt-4", "cust-3", "ord-1", clock.instant()));
        clock.advance(Duration.ofHours(1));
        processing.process(signup("evt-5", "cust-4", clock.instant()));
        service.advanceDue(1);  // the oldest timer first: one of cust-1 / cust-2

        assertThat(service.status("abandoned-cart")).extracting(c -> c.step() + "/" + c.status() + "=" + c.runs())
                .containsExactlyInAnyOrder("wait-click/ACTIVE=1", "wait-order/ACTIVE=2", "wait-order/EXITED=1");
    }

    @Test
    void eventProcessingWithoutJourneysLeavesRunsOnRecordAlone() {
        processing.process(signup("evt-1", "cust-1", START));
        EventProcessingService withoutJourneys = new EventProcessingService(db.transactions(), rules(), clock);

        withoutJourneys.process(order("evt-2", "cust-1", "ord-1", START.plusSeconds(60)));

        assertThat(run("abandoned-cart", "cust-1")).containsEntry("status", "ACTIVE")
                .containsEntry("current_step", "wait-order");
    }

    @Test
    void customerWithoutEmailDoesNotStartAJourney() {
        processing.process(new CustomerSignedUp("evt-1", "cust-1", "", "Nobody", START));
        assertThat(db.count("journey_instance")).isZero();
    }

    /**
     * A batch reads once which of its customers have runs (ADR 0041): a run on record before the batch and a run the
     * batch started itself both hear of the batch's later events; a customer without one is not looked up again.
     */
    @Test
    void batchSignalsRunsOnRecordAndRunsItStartedItself() {
        processing.process(signup("evt-1", "cust-1", START));
        clock.advance(Duration.ofMinutes(30));
        Instant later = START.plus(Duration.ofMinutes(30));

        List<dev.herald.engine.application.EventResult> results = processing.processBatch(List.of(
                signup("evt-2", "cust-2", later),
                order("evt-3", "cust-2", "ord-2", later),
                order("evt-4", "cust-1", "ord-1", later),
                signup("evt-5", "cust-3", later)));

        assertThat(results).allMatch(dev.herald.engine.application.EventResult::succeeded);
        assertThat(run("abandoned-cart", "cust-1")).as("run on record before the batch").containsEntry("status", "EXITED");
        assertThat(run("abandoned-cart", "cust-2")).as("run started earlier in the batch").containsEntry("status", "EXITED");
        assertThat(run("abandoned-cart", "cust-3")).containsEntry("status", "ACTIVE");
    }

    private DecisionService rules() {
        return new DecisionService() {
            @Override
            public List<Decision> decide(DecisionFacts facts) {
                return switch (facts.eventType()) {
                    case CUSTOMER_SIGNED_UP -> List.of(new Decision(campaignOnSignup, "unused", facts.customerId()));
                    default -> List.of();
                };
            }

            @Override
            public String ruleBaseVersion() {
                return "test";
            }
        };
    }

    List<String> outboxSteps(String campaign) {
        return db.rows("select step from outbox_message where campaign = ? order by id", campaign).stream()
                .map(r -> (String) r.get("step")).toList();
    }

    Map<String, Object> run(String campaign, String customer) {
        return db.row("select * from journey_instance where campaign = ? and customer_id = ?"
                + " order by entry_number desc limit 1", campaign, customer);
    }

    static CustomerSignedUp signup(String eventId, String customerId, Instant at) {
        return new CustomerSignedUp(eventId, customerId, "ada@example.com", "Ada Lovelace", at);
    }

    static OrderCompleted order(String eventId, String customerId, String orderId, Instant at) {
        return new OrderCompleted(eventId, customerId, "ada@example.com", "Ada Lovelace", orderId, "GBP",
                List.of(new OrderItem("p-tea", "Tea", 2, new BigDecimal("2.50"))), new BigDecimal("5.00"), at);
    }
}
