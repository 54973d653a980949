package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald.DeadLetter;
import dev.herald.routes.RouteSettings;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several events per transaction (ADR 0032) end to end on the embedded broker and database: one consumer per
 * queue, and events published in one producer transaction, so the consumer finds them all waiting and takes them
 * as one batch (recorded from the ingest route's exchanges and asserted).
 */
class BatchIngestIT {

    static final Customer VALID = TestEvents.customer("C-BATCH-OK", "Val Id");
    static final Customer POISON = TestEvents.customer("C-BATCH-POISON", "Poi Son");

    @TempDir
    Path dataDir;

    @Test
    void validInvalidAndPoisonEventsInOneBatchAreEachHandledAsAlone() throws Exception {
        try (TestHerald herald = TestHerald.start(dataDir, Map.of(HeraldConfig.CONSUMERS, "1",
                HeraldConfig.BROKER_REDELIVERY_DELAY_MS, "100"))) {
            List<Integer> batchSizes = recordBatchSizes(herald, "crm-events");
            try (Connection c = DriverManager.getConnection(HeraldRuntime.embeddedDatabaseUrl(dataDir), "", "");
                 Statement s = c.createStatement()) {
                s.execute("ALTER TABLE customer ADD CONSTRAINT batch_test_refuses_poison CHECK (id <> 'C-BATCH-POISON')");
            }
            String validId = TestEvents.newId("signup-valid");
            String poisonId = TestEvents.newId("signup-poison");
            String poisonBody = TestEvents.signup(poisonId, POISON).toString();
            String invalidBody = "{\"eventId\":\"bad-1\",\"type\":\"customer_signed_up\",\"customerId\":\"C-BAD\"}";

            // the consumer stops while the three are queued, so it finds all three waiting when it starts again
            herald.runtime().camel().getRouteController().stopRoute("crm-events");
            herald.sendInOneTransaction(RouteSettings.CRM_QUEUE, List.of(
                    new String[]{VALID.id(), TestEvents.signup(validId, VALID).toString()},
                    new String[]{"C-BAD", invalidBody},
                    new String[]{POISON.id(), poisonBody}));
            herald.runtime().camel().getRouteController().startRoute("crm-events");

            List<DeadLetter> deadLetters = new ArrayList<>(herald.takeDeadLetters(2));
            herald.awaitIdle();
            deadLetters.sort(Comparator.comparing(DeadLetter::eventId));

            assertThat(batchSizes.get(0)).as("the three were taken as one batch").isEqualTo(3);
            DeadLetter invalid = deadLetters.get(0);
            assertThat(invalid.eventId()).isEqualTo("bad-1");
            assertThat(invalid.body()).isEqualTo(invalidBody);
            assertThat(invalid.sourceQueue()).isEqualTo(RouteSettings.CRM_QUEUE);
            assertThat(invalid.reason()).contains("email");
            DeadLetter poison = deadLetters.get(1);
            assertThat(poison.eventId()).isEqualTo(poisonId);
            assertThat(poison.body()).isEqualTo(poisonBody);
            assertThat(poison.sourceQueue()).isEqualTo(RouteSettings.CRM_QUEUE);
            assertThat(poison.reason())
                    .startsWith("processing failed on all " + RouteSettings.MAX_DELIVERY_ATTEMPTS
                            + " deliveries; last failure: ")
                    .containsIgnoringCase("BATCH_TEST_REFUSES_POISON");

            assertThat(herald.count("select count(*) from processed_event where event_id = ?", validId))
                    .as("the valid event applied once").isEqualTo(1);
            assertThat(herald.count("select count(*) from outbox_message where customer_id = ?", VALID.id()))
                    .isEqualTo(1);
            assertThat(herald.count("select count(*) from processed_event where customer_id <> ?", VALID.id()))
                    .as("neither the invalid nor the poison event changed anything").isZero();
            assertThat(herald.runtime().broker().messageCount(RouteSettings.CRM_QUEUE)).isZero();
            assertThat(herald.runtime().broker().messageCount(RouteSettings.DEAD_LETTER_QUEUE))
                    .as("each dead-lettered once: nothing more on the dead-letter queue").isZero();
            herald.awaitMails(1);
            TestMail.only(herald.mails(), VALID.email(), "welcome");
            assertThat(herald.mails()).hasSize(1);
        }
    }

    @Test
    void oneCustomersEventsInOneBatchAreAppliedInOrderEachSeeingTheOnesBefore() throws Exception {
        try (TestHerald herald = TestHerald.start(dataDir, Map.of(HeraldConfig.CONSUMERS, "1"))) {
            List<Integer> batchSizes = recordBatchSizes(herald, "commerce-events");
            Customer ann = TestEvents.customer("C-BATCH-ANN", "Ann Order");
            List<String[]> events = new ArrayList<>();
            events.add(new String[]{ann.id(), page(ann, 0)});
            events.add(new String[]{ann.id(), TestEvents.order(ann, "ord-batch-1",
                    TestEvents.item("85123A", "Holder", 1, "3.00")).toString()});
            events.add(new String[]{ann.id(), page(ann, 1)});
            events.add(new String[]{ann.id(), TestEvents.order(ann, "ord-batch-2",
                    TestEvents.item("85123A", "Holder", 2, "3.00")).toString()});
            events.add(new String[]{ann.id(), page(ann, 2)});

            // the consumer stops while the five are queued, so it finds all five waiting when it starts again: a
            // running consumer may take the first before the broker has handed it the rest (seen once: [1, 4])
            herald.runtime().camel().getRouteController().stopRoute("commerce-events");
            herald.sendInOneTransaction(RouteSettings.COMMERCE_QUEUE, events);
            herald.runtime().camel().getRouteController().startRoute("commerce-events");
            herald.awaitIdle();

            assertThat(batchSizes).as("all five in one batch").containsExactly(5);
            assertThat(herald.count("select count(*) from processed_event where customer_id = ?", ann.id()))
                    .isEqualTo(5);
            // the second order saw the first: two orders counted, spend 3.00 + 6.00
            assertThat(herald.count("select order_count from customer where id = ?", ann.id())).isEqualTo(2);
            assertThat(herald.count("select count(*) from customer where id = ? and lifetime_spend = 9.00", ann.id()))
                    .isEqualTo(1);
            assertThat(activityUrls(herald, ann.id())).containsExactly("/seq/0", "/seq/1", "/seq/2");
        }
    }

    private static String page(Customer customer, int seq) {
        return """
                {"eventId":"%s-page-%d","type":"page_viewed","customerId":"%s","url":"/seq/%d",
                 "timestamp":"2026-11-23T10:00:0%dZ"}""".formatted(customer.id(), seq, customer.id(), seq, seq);
    }

    /** The size of every batch the route takes, in order. */
    private static List<Integer> recordBatchSizes(TestHerald herald, String routeId) {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        herald.runtime().camel().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeCreatedEvent created
                        && routeId.equals(created.getExchange().getFromRouteId())) {
                    sizes.add(created.getExchange().getMessage().getBody(List.class).size());
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCreatedEvent;
            }
        });
        return sizes;
    }

    private static List<String> activityUrls(TestHerald herald, String customerId) throws Exception {
        HeraldConfig config = herald.runtime().config();
        List<String> urls = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestHerald.jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select detail_json from customer_activity where customer_id = '"
                     + customerId + "' order by id")) {
            while (rs.next()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("/seq/\\d").matcher(rs.getString(1));
                urls.add(m.find() ? m.group() : rs.getString(1));
            }
        }
        return urls;
    }
}
