package dev.herald.app;

import dev.herald.routes.EventGroups;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-customer ordering on the real embedded Artemis broker with four concurrent consumers per queue: producers
 * group messages by customer id ({@link EventGroups}), so however the consumers share the work, each
 * customer's events are applied in the order they were sent. Also the Segment-derived event types travelling
 * the queues end to end.
 */
class PerCustomerOrderingIT {

    static final int CUSTOMERS = 25;
    static final int EVENTS_PER_CUSTOMER = 12;
    private static final Pattern SEQUENCE = Pattern.compile("/seq/(\\d+)");

    @TempDir
    Path dataDir;
    TestHerald herald;

    @BeforeEach
    void start() throws Exception {
        herald = TestHerald.start(dataDir, Map.of(HeraldConfig.CONSUMERS, "4"));
    }

    @AfterEach
    void stop() throws Exception {
        herald.close();
    }

    @Test
    void eachCustomersEventsAreProcessedInTheOrderSentDespiteConcurrentConsumers() throws Exception {
        List<String[]> events = new ArrayList<>();
        // interleaved: every customer's first event, then every customer's second... so the consumers compete
        for (int seq = 0; seq < EVENTS_PER_CUSTOMER; seq++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                String customer = c % 5 == 0 ? "anon:visitor-" + c : "cust-" + c;
                String type = seq % 3 == 2 ? "product_added" : "page_viewed";
                String extra = type.equals("product_added")
                        ? "\"productId\":\"p-" + seq + "\",\"price\":1.5,\"quantity\":1,\"productName\":\"/seq/" + seq + "\""
                        : "\"url\":\"/seq/" + seq + "\"";
                events.add(new String[]{customer, """
                        {"eventId":"%s-%d","type":"%s","customerId":"%s",%s,"timestamp":"2026-11-23T10:00:%02dZ"}"""
                        .formatted(customer, seq, type, customer, extra, seq)});
            }
        }
        herald.sendInOneTransaction(RouteSettings.COMMERCE_QUEUE, events);
        herald.awaitIdle();

        Map<String, List<Integer>> processed = processingOrderByCustomer();
        assertThat(processed).hasSize(CUSTOMERS);
        List<Integer> sent = IntStream.range(0, EVENTS_PER_CUSTOMER).boxed().toList();
        processed.forEach((customer, order) ->
                assertThat(order).as("processing order of %s", customer).isEqualTo(sent));
        assertThat(herald.count("select count(*) from processed_event")).isEqualTo((long) CUSTOMERS * EVENTS_PER_CUSTOMER);
    }

    @Test
    void segmentEventTypesTravelBothQueuesAndAnIdentifyMergesTheAnonymousVisitor() throws Exception {
        herald.sendInOneTransaction(RouteSettings.COMMERCE_QUEUE, List.<String[]>of(new String[]{"anon:v1", """
                {"eventId":"chk-1","type":"checkout_started","customerId":"anon:v1","cartId":"cart-1","total":7,
                 "items":[{"productId":"85123A","quantity":2,"price":3.5}],"timestamp":"2026-11-23T10:00:00Z"}"""}));
        herald.awaitIdle();
        herald.sendInOneTransaction(RouteSettings.CRM_QUEUE, List.<String[]>of(new String[]{"C-77", """
                {"eventId":"idf-1","type":"customer_identified","customerId":"C-77","anonymousId":"v1",
                 "email":"zoe@example.com","name":"Zoe Park","consent":{"marketing":true,"source":"checkout"},
                 "timestamp":"2026-11-23T10:01:00Z"}"""}, new String[]{"C-77", """
                {"eventId":"idf-bad","type":"customer_identified","customerId":"C-77",
                 "traits":{"address":{"city":"Leeds"}},"timestamp":"2026-11-23T10:02:00Z"}"""}));
        herald.awaitIdle();

        assertThat(herald.countBy("select id, count(*) from customer group by id")).containsOnlyKeys("C-77");
        assertThat(herald.count("select count(*) from customer_activity where customer_id = 'C-77'"
                + " and kind = 'checkout_started'")).isEqualTo(1);
        assertThat(herald.count("select count(*) from consent_record where customer_id = 'C-77'"
                + " and channel = 'email' and status = 'GRANTED' and source = 'checkout'")).isEqualTo(1);
        assertThat(herald.count("select count(*) from audit_log where action = 'merge' and entity_id = 'C-77'"))
                .isEqualTo(1);
        TestHerald.DeadLetter rejected = herald.takeDeadLetters(1).get(0);
        assertThat(rejected.eventId()).isEqualTo("idf-bad");
        assertThat(rejected.reason()).isEqualTo("field 'traits.address' must be a string, number or boolean, got object");
    }

    /**
     * The sequence numbers of each customer's activity in the order it was stored: activity ids come from a
     * sequence handed out under a lock, so within one customer they follow processing order.
     */
    private Map<String, List<Integer>> processingOrderByCustomer() throws SQLException {
        HeraldConfig config = herald.runtime().config();
        Map<String, List<Integer>> order = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(TestHerald.jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select customer_id, detail_json from customer_activity order by id")) {
            while (rs.next()) {
                Matcher m = SEQUENCE.matcher(rs.getString(2));
                assertThat(m.find()).as("sequence in %s", rs.getString(2)).isTrue();
                order.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(1)));
            }
        }
        return order;
    }
}
