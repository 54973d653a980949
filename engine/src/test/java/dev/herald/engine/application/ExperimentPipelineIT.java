package dev.herald.engine.application;

import dev.herald.engine.decision.Decision;
import dev.herald.engine.delivery.OutboundEmail;
import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.engine.delivery.RenderedEmail;
import dev.herald.engine.delivery.TemplateRenderer;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.event.OrderCompleted.OrderItem;
import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.VariantAssigner;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Experiments in the live pipeline: the event's transaction records the exposure and queues the assigned
 * variant (nothing for the holdout), orders become conversions in the same transaction, and the dispatcher
 * renders the stored variant. Runs on H2 and PostgreSQL (subclasses).
 */
abstract class ExperimentPipelineIT {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    static final Duration WINDOW = Duration.ofHours(72);
    static final ExperimentDesign DESIGN = new ExperimentDesign("welcome-test", 0.2, List.of(
            new ExperimentDesign.Arm("A", 1, Map.of()), new ExperimentDesign.Arm("B", 1, Map.of())));

    /** The variant the campaign definition's own split would pick (what the rules put in the decision). */
    final AtomicReference<String> definitionVariant = new AtomicReference<>(Decision.DEFAULT_VARIANT);

    HeraldDatabase db;
    MutableClock clock;
    EventProcessingService service;
    ExperimentService experiments;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(START);
        service = new EventProcessingService(db.transactions(), EventProcessingServiceIT.rules(facts ->
                switch (facts.eventType()) {
                    case CUSTOMER_SIGNED_UP -> List.of(new Decision("welcome", "welcome-email", facts.customerId(),
                            definitionVariant.get(), Duration.ZERO, null));
                    default -> List.of();
                }), clock);
        experiments = new ExperimentService(db.transactions(), clock);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void signups_queue_the_sticky_variant_and_nothing_for_the_holdout() {
        experiments.define("welcome", DESIGN, null, WINDOW);
        definitionVariant.set("C"); // the experiment wins over the definition's split
        VariantAssigner assigner = new VariantAssigner(DESIGN);
        int customers = 200;
        int held = 0;
        for (int i = 0; i < customers; i++) {
            ProcessingOutcome outcome = service.process(signup("evt-" + i, "cust-" + i));
            VariantAssigner.Assignment expected = assigner.assign("cust-" + i);
            List<Map<String, Object>> queued = db.rows("select variant from outbox_message where customer_id = ?",
                    "cust-" + i);
            Map<String, Object> exposure = db.row("select variant, holdout from experiment_exposure"
                    + " where customer_id = ?", "cust-" + i);
            assertThat(exposure.get("variant")).isEqualTo(expected.variant());
            if (expected.holdout()) {
                held++;
                assertThat(queued).as("held-out cust-%d", i).isEmpty();
                assertThat(outcome.queued()).isZero();
            } else {
                assertThat(queued).extracting(r -> r.get("variant")).containsExactly(expected.variant());
                assertThat(outcome.queued()).isEqualTo(1);
            }
        }
        assertThat(held).as("a 20%% holdout of %d customers holds some out", customers).isPositive();
        assertThat(db.count("experiment_exposure")).isEqualTo(customers);
        assertThat(db.count("outbox_message")).isEqualTo(customers - held);
        assertThat(db.rows("select distinct variant from outbox_message order by variant"))
                .extracting(r -> r.get("variant")).containsExactly("A", "B");
    }

    @Test
    void a_resent_or_repeated_signup_creates_no_second_exposure_or_email() {
        experiments.define("welcome", DESIGN, null, WINDOW);
        for (int i = 0; i < 20; i++) {
            service.process(signup("evt-" + i, "cust-" + i));
        }
        long emails = db.count("outbox_message");
        for (int i = 0; i < 20; i++) {
            assertThat(service.process(signup("evt-" + i, "cust-" + i)).duplicate()).isTrue();
            clock.advance(Duration.ofMinutes(1));
            assertThat(service.process(signup("evt-again-" + i, "cust-" + i)).queued()).isZero();
        }
        assertThat(db.count("experiment_exposure")).isEqualTo(20);
        assertThat(db.count("outbox_message")).isEqualTo(emails);
    }

    @Test
    void without_an_experiment_the_definitions_variant_is_queued_once_whatever_the_variant() {
        definitionVariant.set("B");
        service.process(signup("evt-1", "cust-1"));
        definitionVariant.set("A");
        assertThat(service.process(signup("evt-2", "cust-1")).queued()).isZero();

        assertThat(db.rows("select variant from outbox_message")).extracting(r -> r.get("variant"))
                .containsExactly("B");
        assertThat(db.count("experiment_exposure")).isZero();
    }

    @Test
    void an_order_within_the_window_is_a_conversion_once_and_a_later_one_is_not() {
        experiments.define("welcome", DESIGN, null, WINDOW);
        service.process(signup("evt-s1", "cust-1"));
        service.process(order("evt-o1", "cust-1", "ord-1", "7.00", START.plus(Duration.ofHours(2))));
        service.process(order("evt-o1-resent", "cust-1", "ord-1", "7.00", START.plus(Duration.ofHours(2))));
        service.process(order("evt-o2", "cust-1", "ord-2", "9.00", START.plus(WINDOW).plusSeconds(1)));

        List<Map<String, Object>> outcomes = db.rows("select kind, source_id, revenue from experiment_outcome");
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0)).containsEntry("kind", "CONVERSION").containsEntry("source_id", "ord-1");
        assertThat((BigDecimal) outcomes.get(0).get("revenue")).isEqualByComparingTo("7.00");
    }

    /**
     * A batch reads its ordering customers' exposures once, at its start (ADR 0044); an exposure recorded inside
     * the batch (cust-2's signup) must still count for that customer's order later in the same batch, and the
     * window and the exposure time still decide: the same conversions as one event at a time.
     */
    @Test
    void a_batch_converts_exposures_read_at_its_start_and_those_it_records_itself() {
        experiments.define("welcome", DESIGN, null, WINDOW);
        service.process(signup("evt-s1", "cust-1"));
        service.process(signup("evt-s3", "cust-3"));
        clock.advance(Duration.ofHours(1));
        Instant soon = START.plus(Duration.ofHours(2));

        List<EventResult> results = service.processBatch(List.of(
                order("evt-o1", "cust-1", "ord-1", "7.00", soon),
                signup("evt-s2", "cust-2"),
                order("evt-o2", "cust-2", "ord-2", "9.00", soon),
                order("evt-o3", "cust-3", "ord-3", "5.00", START.plus(WINDOW).plusSeconds(1)),
                order("evt-o4", "cust-4", "ord-4", "3.00", soon),
                order("evt-o1-again", "cust-1", "ord-5", "4.00", START.plus(Duration.ofMinutes(30)))));

        assertThat(results).allMatch(EventResult::succeeded);
        assertThat(db.rows("select source_id from experiment_outcome where kind = 'CONVERSION' order by source_id"))
                .as("in the window after the exposure; cust-3's is too late, cust-4 was never exposed,"
                        + " ord-5 (at 12:30) is after cust-1's exposure (12:00)")
                .extracting(r -> r.get("source_id")).containsExactly("ord-1", "ord-2", "ord-5");
    }

    /** An order placed before its customer's exposure is not its conversion, in a batch as alone. */
    @Test
    void a_batch_does_not_convert_an_exposure_made_after_the_order() {
        experiments.define("welcome", DESIGN, null, WINDOW);
        clock.advance(Duration.ofHours(5));
        service.process(signup("evt-s1", "cust-1"));

        service.processBatch(List.of(order("evt-o1", "cust-1", "ord-1", "7.00", START.plus(Duration.ofHours(1))),
                order("evt-o2", "cust-1", "ord-2", "8.00", START.plus(Duration.ofHours(6)))));

        assertThat(db.rows("select source_id from experiment_outcome")).extracting(r -> r.get("source_id"))
                .containsExactly("ord-2");
    }

    @Test
    void the_dispatcher_renders_each_rows_stored_variant() {
        experiments.define("welcome", DESIGN, null, WINDOW);
        VariantAssigner assigner = new VariantAssigner(DESIGN);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            service.process(signup("evt-" + i, "cust-" + i));
            VariantAssigner.Assignment a = assigner.assign("cust-" + i);
            if (!a.holdout()) {
                expected.put("cust-" + i, a.variant().equals("B") ? "Variant B subject" : "Base subject");
            }
        }
        OutboxDispatcher dispatcher = new OutboxDispatcher(db.transactions(), new VariantRenderer(), clock,
                OutboxDispatcher.RetryPolicy.defaults());

        List<OutboundEmail> claimed = dispatcher.claimDue(100);

        assertThat(claimed).hasSize(expected.size());
        for (OutboundEmail email : claimed) {
            assertThat(email.email().subject()).as(email.customerId()).isEqualTo(expected.get(email.customerId()));
        }
        assertThat(expected.values()).contains("Variant B subject", "Base subject");
    }

    static CustomerSignedUp signup(String eventId, String customerId) {
        return new CustomerSignedUp(eventId, customerId, customerId + "@example.com", "Ada Lovelace",
                Instant.parse("2026-11-23T09:00:00Z"));
    }

    static OrderCompleted order(String eventId, String customerId, String orderId, String total, Instant at) {
        return new OrderCompleted(eventId, customerId, customerId + "@example.com", "Ada Lovelace", orderId, "GBP",
                List.of(new OrderItem("p-tea", "Tea", 1, new BigDecimal(total))), new BigDecimal(total), at);
    }

    /** A renderer with an override for variant B only, as the Mustache adapter has with variants/B/. */
    static final class VariantRenderer implements TemplateRenderer {

        @Override
        public RenderedEmail render(String templateKey, Map<String, Object> model) {
            return new RenderedEmail("Base subject", "<p>base</p>", "base");
        }

        @Override
        public RenderedEmail renderVariant(String templateKey, String variant, Map<String, Object> model) {
            return "B".equals(variant) ? new RenderedEmail("Variant B subject", "<p>b</p>", "b")
                    : render(templateKey, model);
        }

        @Override
        public boolean exists(String templateKey) {
            return true;
        }
    }
}
