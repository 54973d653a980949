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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sunset policy through the real dispatcher on a real database (ADR 0070): a marketing email to a customer who
 * has not opened, clicked or bought for 180 days, after at least 5 marketing emails in that time, is suppressed with
 * its reason; an open, a click or an order inside the period, fewer emails, a transactional campaign or one that
 * includes the unengaged, and the policy switched off all let it go. Runs on H2 and PostgreSQL.
 */
abstract class SunsetGateIT {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final SunsetPolicy POLICY = new SunsetPolicy(Duration.ofDays(180), 5);
    static final RetryPolicy RETRIES = new RetryPolicy(Duration.ofMinutes(2), 3, Duration.ofSeconds(5),
            Duration.ofMinutes(30));

    HeraldDatabase db;
    OutboxDispatcher dispatcher;
    final AtomicReference<SunsetPolicy> policy = new AtomicReference<>(POLICY);

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        SunsetGate gate = new SunsetGate(policy::get, Set.of("receipt")::contains, Set.of("we-miss-you")::contains);
        dispatcher = new OutboxDispatcher(db.transactions(), new OutboxDispatcherIT.TestRenderer(),
                new MutableClock(NOW), RETRIES, List.of(gate));
        customer("silent");
        // five newsletters in the last 180 days, the last open 200 days ago
        sentEarlier("silent", "newsletter", 170, 130, 90, 50, 10);
        engaged("silent", "OPEN", NOW.minus(Duration.ofDays(200)));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aCustomerSilentForThePeriodAfterEnoughMarketingEmailsIsSunset() {
        long id = queue("newsletter", "silent");

        assertThat(sendDue()).isZero();
        Map<String, Object> row = db.row("select status, last_error from outbox_message where id = ?", id);
        assertThat(row).containsEntry("status", "SUPPRESSED")
                .containsEntry("last_error", "suppressed: sunset: no opens, clicks or orders in 180d over 5 marketing emails");
    }

    @Test
    void anOpenAClickOrAnOrderInsideThePeriodKeepsTheCustomer() {
        engaged("silent", "CLICK", NOW.minus(Duration.ofDays(179)));
        assertThat(sendDue(queue("newsletter", "silent"))).isEqualTo("SENT");

        customer("buyer");
        sentEarlier("buyer", "newsletter", 170, 130, 90, 50, 10);
        ordered("buyer", NOW.minus(Duration.ofDays(30)));
        assertThat(sendDue(queue("newsletter", "buyer"))).isEqualTo("SENT");
    }

    @Test
    void fewerMarketingEmailsThanTheMinimumDoNotCountAsSilenceAndReceiptsDoNotCountAtAll() {
        customer("rarely-mailed");
        sentEarlier("rarely-mailed", "newsletter", 170, 130, 90, 50);
        sentEarlier("rarely-mailed", "receipt", 40, 20, 5);
        sentEarlier("rarely-mailed", "newsletter", 250, 240);

        assertThat(sendDue(queue("newsletter", "rarely-mailed"))).isEqualTo("SENT");
    }

    @Test
    void transactionalEmailAndACampaignThatIncludesTheUnengagedStillReachTheSilent() {
        assertThat(sendDue(queue("receipt", "silent"))).isEqualTo("SENT");
        assertThat(sendDue(queue("we-miss-you", "silent"))).isEqualTo("SENT");
    }

    @Test
    void withThePolicySwitchedOffEveryoneGetsMarketingEmail() {
        policy.set(SunsetPolicy.NONE);

        assertThat(sendDue(queue("newsletter", "silent"))).isEqualTo("SENT");
    }

    @Test
    void theLastEngagementIsTheLatestOfOpensClicksAndOrders() {
        assertThat(lastEngaged("silent")).contains(NOW.minus(Duration.ofDays(200)));
        ordered("silent", NOW.minus(Duration.ofDays(60)));
        assertThat(lastEngaged("silent")).contains(NOW.minus(Duration.ofDays(60)));
        engaged("silent", "CLICK", NOW.minus(Duration.ofDays(3)));
        assertThat(lastEngaged("silent")).contains(NOW.minus(Duration.ofDays(3)));
        customer("unknown");
        assertThat(lastEngaged("unknown")).isEmpty();
    }

    private java.util.Optional<Instant> lastEngaged(String customer) {
        return db.transactions().inTransaction(em -> SunsetGate.lastEngagedAt(em, customer));
    }

    int sendDue() {
        List<OutboundEmail> due = dispatcher.claimDue(50);
        due.forEach(e -> dispatcher.markSent(e.outboxId()));
        return due.size();
    }

    /** Sends what is due and answers the status of message {@code id}. */
    String sendDue(long id) {
        sendDue();
        return (String) db.row("select status from outbox_message where id = ?", id).get("status");
    }

    void customer(String id) {
        db.transactions().inTransaction(em -> {
            em.persist(new Customer(id, id + "@example.com", "Ann", NOW.minus(Duration.ofDays(400))));
            return null;
        });
    }

    void sentEarlier(String customer, String campaign, int... daysAgo) {
        db.transactions().inTransaction(em -> {
            for (int days : daysAgo) {
                Instant at = NOW.minus(Duration.ofDays(days));
                // one email per campaign, customer and step: each earlier one is its own step (as a journey's are)
                OutboxMessage message = new OutboxMessage(campaign, customer, "earlier-" + days, "A",
                        "evt-" + campaign + customer + days, "welcome", customer + "@example.com", "{}", at);
                message.markSent(at);
                em.persist(message);
            }
            return null;
        });
    }

    void engaged(String customer, String kind, Instant at) {
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into engagement_event (outbox_id,"
                        + " customer_id, campaign, variant, kind, occurred_at) values (0, ?1, 'earlier', 'A', ?2, ?3)")
                .setParameter(1, customer).setParameter(2, kind).setParameter(3, at.atOffset(ZoneOffset.UTC))
                .executeUpdate());
    }

    void ordered(String customer, Instant at) {
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into customer_order (id, customer_id,"
                        + " event_id, currency, total, ordered_at) values (?1, ?2, ?1, 'GBP', 10, ?3)")
                .setParameter(1, "ord-" + customer + at.getEpochSecond()).setParameter(2, customer)
                .setParameter(3, at.atOffset(ZoneOffset.UTC)).executeUpdate());
    }

    long queue(String campaign, String customer) {
        String model = "{\"customer\":{\"id\":\"" + customer + "\",\"firstName\":\"Ann\"},\"campaign\":\"" + campaign + "\"}";
        OutboxMessage message = new OutboxMessage(campaign, customer, "1", "A", "evt-now-" + campaign + customer,
                "welcome", customer + "@example.com", model, NOW);
        return db.transactions().inTransaction(em -> {
            em.persist(message);
            em.flush();
            return message.id();
        });
    }
}
