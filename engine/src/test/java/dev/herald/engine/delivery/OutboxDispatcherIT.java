package dev.herald.engine.delivery;

import dev.herald.engine.delivery.OutboxDispatcher.RetryPolicy;
import dev.herald.engine.delivery.OutboxMessage.Status;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutboxDispatcher} against a real database. Runs once per database Herald supports: see the
 * subclasses {@link OutboxDispatcherH2IT} and {@link OutboxDispatcherPostgresIT}.
 */
abstract class OutboxDispatcherIT {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Three attempts in all; 5 s after the first failure, 10 s after the second (each ±20%). */
    static final RetryPolicy POLICY = new RetryPolicy(LEASE, 3, Duration.ofSeconds(5), Duration.ofMinutes(30));

    HeraldDatabase db;
    MutableClock clock;
    OutboxDispatcher dispatcher;

    /** A new, empty database for one test. */
    protected abstract DataSource freshDataSource();

    @BeforeEach
    void openDatabase() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(START);
        dispatcher = new OutboxDispatcher(db.transactions(), new TestRenderer(), clock, POLICY);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void claimDueReturnsPendingMessagesRenderedAndLeasesThem() {
        long ada = queue("welcome", "cust-ada", "Ada");
        long grace = queue("welcome", "cust-grace", "Grace");

        List<OutboundEmail> claimed = dispatcher.claimDue(10);

        assertThat(claimed).extracting(OutboundEmail::outboxId).containsExactly(ada, grace);
        OutboundEmail first = claimed.get(0);
        assertThat(first.campaign()).isEqualTo("welcome");
        assertThat(first.customerId()).isEqualTo("cust-ada");
        assertThat(first.recipient()).isEqualTo("cust-ada@example.com");
        assertThat(first.email()).isEqualTo(new RenderedEmail("Welcome, Ada",
                "<p>Hello Ada, welcome aboard.</p>", "Hello Ada, welcome aboard."));
        assertThat(claimed.get(1).email().subject()).isEqualTo("Welcome, Grace");
        for (long id : List.of(ada, grace)) {
            Map<String, Object> row = message(id);
            assertThat(row).containsEntry("status", "PENDING");
            assertThat(instant(row.get("lease_until"))).isEqualTo(START.plus(LEASE));
        }

        assertThat(dispatcher.claimDue(10)).as("leased messages are not claimed again").isEmpty();
    }

    @Test
    void leaseNeverReportedIsTakenAgainAfterItExpiresAndCountedAsASecondClaim() {
        long ada = queue("welcome", "cust-ada", "Ada");
        assertThat(dispatcher.claimDue(10)).extracting(OutboundEmail::outboxId).containsExactly(ada);
        // the dispatcher died here: neither sent nor failed is ever reported
        clock.advance(LEASE.plusSeconds(1));

        assertThat(dispatcher.claimDue(10)).extracting(OutboundEmail::outboxId).containsExactly(ada);
        dispatcher.markSent(ada);

        Map<String, Object> row = message(ada);
        assertThat(row).containsEntry("status", "SENT");
        assertThat(((Number) row.get("claims")).intValue()).as("claims").isEqualTo(2);
        assertThat(((Number) row.get("attempts")).intValue()).as("no failed attempt recorded").isZero();
    }

    @Test
    void claimDueTakesNoMoreThanAskedOldestFirst() {
        long first = queue("welcome", "cust-1", "One");
        long second = queue("welcome", "cust-2", "Two");
        long third = queue("welcome", "cust-3", "Three");

        assertThat(dispatcher.claimDue(2)).extracting(OutboundEmail::outboxId).containsExactly(first, second);
        assertThat(dispatcher.claimDue(2)).extracting(OutboundEmail::outboxId).containsExactly(third);
        assertThat(message(third).get("lease_until")).isNotNull();
    }

    @Test
    void claimDueWithNothingQueuedReturnsNothing() {
        assertThat(dispatcher.claimDue(10)).isEmpty();
    }

    @Test
    void messageNotYetDueIsNotClaimed() {
        clock.advance(Duration.ofHours(1));
        long later = queue("welcome", "cust-1", "Ada");
        clock.advance(Duration.ofHours(-1));

        assertThat(dispatcher.claimDue(10)).isEmpty();

        clock.advance(Duration.ofHours(1));
        assertThat(dispatcher.claimDue(10)).extracting(OutboundEmail::outboxId).containsExactly(later);
    }

    @Test
    void gateDeferralPostponesTheMessageWithoutCountingAnAttempt() {
        long id = queue("welcome", "cust-1", "Ada");
        Instant morning = START.plus(Duration.ofHours(9));
        OutboxDispatcher gated = new OutboxDispatcher(db.transactions(), new TestRenderer(), clock, POLICY,
                List.of((em, m, now) -> now.isBefore(morning)
                        ? new SendGate.Defer(morning, "quiet hours") : SendGate.send()));

        assertThat(gated.claimDue(10)).isEmpty();
        Map<String, Object> row = message(id);
        assertThat(row).containsEntry("status", "PENDING").containsEntry("attempts", 0);
        assertThat(instant(row.get("next_attempt_at"))).isEqualTo(morning);
        assertThat(row.get("lease_until")).isNull();

        clock.advance(Duration.ofHours(9));
        assertThat(gated.claimDue(10)).extracting(OutboundEmail::outboxId).containsExactly(id);
    }

    @Test
    void gateSuppressionKeepsTheMessageOnRecordAndNeverSendsIt() {
        long kept = queue("welcome", "cust-1", "Ada");
        long suppressed = queue("welcome", "cust-2", "Grace");
        OutboxDispatcher gated = new OutboxDispatcher(db.transactions(), new TestRenderer(), clock, POLICY,
                List.of((em, m, now) -> m.customerId().equals("cust-2")
                        ? new SendGate.Suppress("unsubscribed") : SendGate.send()));

        assertThat(gated.claimDue(10)).extracting(OutboundEmail::outboxId).containsExactly(kept);
        assertThat(message(suppressed)).containsEntry("status", "SUPPRESSED")
                .containsEntry("last_error", "suppressed: unsubscribed");
        gated.markSent(kept);
        clock.advance(Duration.ofDays(1));
        assertThat(gated.claimDue(10)).as("suppressed is final").isEmpty();
    }

    @Test
    void markSentRecordsTheSendAndReleasesTheLease() {
        long id = queue("welcome", "cust-1", "Ada");
        dispatcher.claimDue(10);
        clock.advance(Duration.ofSeconds(3));

        dispatcher.markSent(id);

        Map<String, Object> row = message(id);
        assertThat(row).containsEntry("status", "SENT");
        assertThat(instant(row.get("sent_at"))).isEqualTo(START.plusSeconds(3));
        assertThat(row.get("lease_until")).isNull();
        assertThat(row.get("last_error")).isNull();
        assertThat(dispatcher.count(Status.SENT)).isEqualTo(1);
        assertThat(dispatcher.count(Status.PENDING)).isZero();

        clock.advance(LEASE.multipliedBy(10));
        assertThat(dispatcher.claimDue(10)).as("a sent message is never sent again").isEmpty();
    }

    @Test
    void transientFailureReschedulesWithBackoff() {
        long id = queue("welcome", "cust-1", "Ada");
        dispatcher.claimDue(10);

        dispatcher.markFailed(id, "421 4.3.2 try again later", false);

        Map<String, Object> row = message(id);
        assertThat(row).containsEntry("status", "PENDING").containsEntry("last_error", "421 4.3.2 try again later");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat(row.get("lease_until")).isNull();
        assertThat(instant(row.get("next_attempt_at")))
                .isAfterOrEqualTo(START.plusSeconds(4)).isBeforeOrEqualTo(START.plusSeconds(6));

        assertThat(dispatcher.claimDue(10)).as("not due before its next attempt").isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(dispatcher.claimDue(10)).extracting(OutboundEmail::outboxId).containsExactly(id);
    }

    @Test
    void transientFailuresBackOffFurtherAndFailForGoodAfterTheLastAttempt() {
        long id = queue("welcome", "cust-1", "Ada");

        assertThat(dispatcher.claimDue(10)).hasSize(1);
        dispatcher.markFailed(id, "timeout 1", false);
        clock.advance(Duration.ofSeconds(6));
        assertThat(dispatcher.claimDue(10)).hasSize(1);
        Instant secondFailure = clock.instant();
        dispatcher.markFailed(id, "timeout 2", false);

        Map<String, Object> afterTwo = message(id);
        assertThat(afterTwo).containsEntry("status", "PENDING");
        assertThat(((Number) afterTwo.get("attempts")).intValue()).isEqualTo(2);
        assertThat(instant(afterTwo.get("next_attempt_at")))
                .isAfterOrEqualTo(secondFailure.plusSeconds(8)).isBeforeOrEqualTo(secondFailure.plusSeconds(12));

        clock.advance(Duration.ofSeconds(12));
        assertThat(dispatcher.claimDue(10)).hasSize(1);
        dispatcher.markFailed(id, "timeout 3", false);

        Map<String, Object> afterThree = message(id);
        assertThat(afterThree).containsEntry("status", "FAILED").containsEntry("last_error", "timeout 3");
        assertThat(((Number) afterThree.get("attempts")).intValue()).isEqualTo(3);
        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.claimDue(10)).isEmpty();
    }

    @Test
    void permanentFailureFailsAtOnceAndKeepsTheError() {
        long id = queue("welcome", "cust-1", "Ada");
        dispatcher.claimDue(10);

        dispatcher.markFailed(id, "550 5.1.1 mailbox unavailable", true);

        Map<String, Object> row = message(id);
        assertThat(row).containsEntry("status", "FAILED").containsEntry("last_error", "550 5.1.1 mailbox unavailable");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat(row.get("lease_until")).isNull();
        assertThat(dispatcher.count(Status.FAILED)).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.claimDue(10)).isEmpty();
    }

    @Test
    void overlongErrorIsTruncatedToFitItsColumn() {
        long id = queue("welcome", "cust-1", "Ada");
        dispatcher.claimDue(10);

        dispatcher.markFailed(id, "x".repeat(1200), true);

        String kept = (String) message(id).get("last_error");
        assertThat(kept).hasSize(1000).endsWith("...");
    }

    @Test
    void messageWhoseTemplateFailsToRenderIsMarkedFailedNotReturned() {
        long broken = queue("broken", "cust-1", "Ada");
        long good = queue("welcome", "cust-2", "Grace");
        long missing = queue("no-such-template", "cust-3", "Edsger");

        List<OutboundEmail> claimed = dispatcher.claimDue(10);

        assertThat(claimed).extracting(OutboundEmail::outboxId).containsExactly(good);
        Map<String, Object> brokenRow = message(broken);
        assertThat(brokenRow).containsEntry("status", "FAILED");
        assertThat((String) brokenRow.get("last_error")).startsWith("render failed: ")
                .contains("unclosed section 'items'");
        Map<String, Object> missingRow = message(missing);
        assertThat(missingRow).containsEntry("status", "FAILED")
                .containsEntry("last_error", "render failed: no email template named 'no-such-template'");
        assertThat(dispatcher.count(Status.FAILED)).isEqualTo(2);
        assertThat(dispatcher.count(Status.PENDING)).isEqualTo(1);
    }

    @Test
    void expiredLeaseIsClaimedAgain() {
        long id = queue("welcome", "cust-1", "Ada");
        assertThat(dispatcher.claimDue(10)).hasSize(1);
        // the dispatcher that took it dies without reporting

        clock.advance(LEASE.minusSeconds(1));
        assertThat(dispatcher.claimDue(10)).as("lease still held").isEmpty();

        clock.advance(Duration.ofSeconds(2));
        List<OutboundEmail> reclaimed = dispatcher.claimDue(10);

        assertThat(reclaimed).extracting(OutboundEmail::outboxId).containsExactly(id);
        assertThat(instant(message(id).get("lease_until"))).isEqualTo(clock.instant().plus(LEASE));
        assertThat(dispatcher.claimDue(10)).as("the new lease holds").isEmpty();
    }

    @Test
    void leaseWithMoreThanHalfLeftIsHeldWithoutBeingWritten() {
        long id = queue("welcome", "cust-1", "Ada");
        OutboundEmail claimed = dispatcher.claimDue(10).get(0);
        assertThat(claimed.lease()).isEqualTo(new OutboundEmail.Lease(1, START.plus(LEASE)));
        clock.advance(LEASE.dividedBy(2).minusSeconds(1));

        assertThat(dispatcher.holdLease(claimed)).isTrue();
        assertThat(instant(message(id).get("lease_until"))).as("lease untouched").isEqualTo(START.plus(LEASE));
    }

    @Test
    void leaseRunningOutIsExtendedBeforeTheSendSoNoOtherClaimTakesTheEmail() {
        long id = queue("welcome", "cust-1", "Ada");
        OutboundEmail claimed = dispatcher.claimDue(10).get(0);
        // the batch was slow: its last email comes up after its lease has run out, but nobody took it meanwhile
        clock.advance(LEASE.plusSeconds(5));

        assertThat(dispatcher.holdLease(claimed)).isTrue();
        assertThat(instant(message(id).get("lease_until"))).isEqualTo(clock.instant().plus(LEASE));
        assertThat(dispatcher.claimDue(10)).as("another dispatcher's claim finds it leased").isEmpty();
        assertThat(((Number) message(id).get("claims")).intValue()).isEqualTo(1);
    }

    @Test
    void emailWhoseLeaseAnotherClaimTookIsNotSentByTheFirstClaim() {
        long id = queue("welcome", "cust-1", "Ada");
        OutboxDispatcher other = new OutboxDispatcher(db.transactions(), new TestRenderer(), clock, POLICY);
        OutboundEmail first = dispatcher.claimDue(10).get(0);
        clock.advance(LEASE.plusSeconds(1));
        OutboundEmail second = other.claimDue(10).get(0);
        assertThat(second.outboxId()).isEqualTo(id);
        assertThat(second.lease().claim()).isEqualTo(2);

        assertThat(dispatcher.holdLease(first)).as("the first claim's lease was taken over").isFalse();
        assertThat(other.holdLease(second)).as("the second claim's lease is whole").isTrue();
        assertThat(instant(message(id).get("lease_until"))).as("the second lease is not extended by the first claim")
                .isEqualTo(clock.instant().plus(LEASE));
    }

    @Test
    void emailAlreadySentUnderALaterClaimIsNotSentAgain() {
        long id = queue("welcome", "cust-1", "Ada");
        OutboundEmail first = dispatcher.claimDue(10).get(0);
        clock.advance(LEASE.plusSeconds(1));
        dispatcher.claimDue(10);
        dispatcher.markSent(id);
        clock.advance(LEASE);

        assertThat(dispatcher.holdLease(first)).isFalse();
        assertThat(message(id)).containsEntry("status", "SENT");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** Writes a pending message, as the processing service would, and returns its id. */
    long queue(String templateKey, String customerId, String firstName) {
        String model = "{\"customer\":{\"id\":\"" + customerId + "\",\"firstName\":\"" + firstName + "\"},"
                + "\"campaign\":\"" + templateKey + "\"}";
        OutboxMessage message = new OutboxMessage(templateKey, customerId, "1", "A", "evt-" + customerId,
                templateKey, customerId + "@example.com", model, clock.instant());
        return db.transactions().inTransaction(em -> {
            em.persist(message);
            em.flush();
            return message.id();
        });
    }

    Map<String, Object> message(long id) {
        return db.row("select * from outbox_message where id = ?", id);
    }

    /** Knows "welcome" and "broken" (which always fails); any other key does not exist. */
    static final class TestRenderer implements TemplateRenderer {

        @Override
        public RenderedEmail render(String templateKey, Map<String, Object> model) {
            switch (templateKey) {
                case "welcome" -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> customer = (Map<String, Object>) model.get("customer");
                    String name = String.valueOf(customer.get("firstName"));
                    return new RenderedEmail("Welcome, " + name, "<p>Hello " + name + ", welcome aboard.</p>",
                            "Hello " + name + ", welcome aboard.");
                }
                case "broken" -> throw new IllegalStateException("unclosed section 'items' at line 3");
                default -> throw new TemplateNotFoundException(templateKey);
            }
        }

        @Override
        public boolean exists(String templateKey) {
            return templateKey.equals("welcome") || templateKey.equals("broken");
        }
    }
}
