package dev.herald.engine.delivery;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.delivery.OutboxDispatcher.RetryPolicy;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Send-time optimisation through the real dispatcher on a real database: an email of a best-hour campaign waits
 * for the hour its customer opens and clicks in, in their zone, and is sent then; other campaigns, customers with
 * too little history and emails queued a day ago go at once. Runs on H2 and PostgreSQL.
 */
abstract class BestHourGateIT {

    static final Instant START = Instant.parse("2026-11-24T08:15:00Z");
    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMinutes(2), 3, Duration.ofSeconds(5),
            Duration.ofMinutes(30));

    HeraldDatabase db;
    MutableClock clock;
    OutboxDispatcher dispatcher;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(START);
        BestHourGate gate = new BestHourGate(Set.of("newsletter")::contains, ZoneId.of("UTC"));
        dispatcher = new OutboxDispatcher(db.transactions(), new OutboxDispatcherIT.TestRenderer(), clock, POLICY,
                List.of(gate));
        customer("cust-berlin", "Europe/Berlin");
        customer("cust-new", null);
        // cust-berlin reads email in the evening: 19:xx in Berlin (18:xx UTC in November), once in the morning
        engaged("cust-berlin", "OPEN", "2026-11-10T18:05:00Z", "2026-11-12T18:40:00Z", "2026-11-14T07:30:00Z");
        engaged("cust-berlin", "CLICK", "2026-11-14T18:41:00Z");
        engaged("cust-new", "OPEN", "2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aBestHourCampaignsEmailWaitsForTheHourItsCustomerReadsInAndIsSentThen() {
        long id = queue("newsletter", "cust-berlin", START);

        assertThat(sendDue()).isZero();
        Map<String, Object> row = db.row("select * from outbox_message where id = ?", id);
        assertThat(row).containsEntry("status", "PENDING");
        assertThat(instant(row.get("next_attempt_at"))).isEqualTo(Instant.parse("2026-11-24T18:00:00Z"));
        assertThat((String) row.get("last_error")).isEqualTo("deferred: best hour 19:00 Europe/Berlin");
        assertThat(((Number) row.get("attempts")).intValue()).isZero();

        clock.advance(Duration.between(START, Instant.parse("2026-11-24T18:00:00Z")));
        assertThat(sendDue()).isEqualTo(1);
        assertThat(db.row("select status from outbox_message where id = ?", id)).containsEntry("status", "SENT");
    }

    @Test
    void otherCampaignsAndCustomersWithTooLittleHistoryAreSentAtOnce() {
        queue("welcome", "cust-berlin", START);
        queue("newsletter", "cust-new", START);

        assertThat(sendDue()).isEqualTo(2);
    }

    @Test
    void anEmailQueuedADayAgoWaitsNoLonger() {
        long id = queue("newsletter", "cust-berlin", START.minus(BestHourGate.MAX_WAIT));

        assertThat(sendDue()).isEqualTo(1);
        assertThat(db.row("select status from outbox_message where id = ?", id)).containsEntry("status", "SENT");
    }

    int sendDue() {
        List<OutboundEmail> due = dispatcher.claimDue(50);
        due.forEach(e -> dispatcher.markSent(e.outboxId()));
        return due.size();
    }

    void customer(String id, String zone) {
        db.transactions().inTransaction(em -> {
            Customer c = new Customer(id, id + "@example.com", "Ann", START.minus(Duration.ofDays(60)));
            if (zone != null) {
                c.setTimeZone(zone, START);
            }
            em.persist(c);
            return null;
        });
    }

    void engaged(String customer, String kind, String... instants) {
        db.transactions().inTransaction(em -> {
            for (String at : instants) {
                em.createNativeQuery("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind,"
                                + " occurred_at) values (0, ?1, 'earlier', 'A', ?2, ?3)")
                        .setParameter(1, customer).setParameter(2, kind)
                        .setParameter(3, Instant.parse(at).atOffset(java.time.ZoneOffset.UTC)).executeUpdate();
            }
            return null;
        });
    }

    long queue(String campaign, String customer, Instant queuedAt) {
        String model = "{\"customer\":{\"id\":\"" + customer + "\",\"firstName\":\"Ann\"},\"campaign\":\"" + campaign + "\"}";
        OutboxMessage message = new OutboxMessage(campaign, customer, "1", "A", "evt-" + campaign + customer,
                "welcome", customer + "@example.com", model, queuedAt);
        return db.transactions().inTransaction(em -> {
            em.persist(message);
            em.flush();
            return message.id();
        });
    }
}
