package dev.herald.engine.delivery;

import dev.herald.engine.delivery.FrequencyCapGate.Cap;
import dev.herald.engine.delivery.OutboxDispatcher.RetryPolicy;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frequency caps through the real dispatcher on H2: over a cap a message is deferred to when the rolling window
 * frees up, and sent then; it is never dropped.
 */
class FrequencyCapGateH2IT {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMinutes(2), 3, Duration.ofSeconds(5), Duration.ofMinutes(30));

    @TempDir
    Path dir;
    HeraldDatabase db;
    MutableClock clock;
    Cap global = new Cap(3, Duration.ofDays(7));
    Map<String, Cap> perCampaign = Map.of("win-back", new Cap(1, Duration.ofDays(30)));
    OutboxDispatcher dispatcher;

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(TestDatabases.h2(dir));
        clock = new MutableClock(START);
        FrequencyCapGate gate = new FrequencyCapGate(new FrequencyCapGate.Limits() {
            @Override
            public Optional<Cap> global() {
                return Optional.ofNullable(global);
            }

            @Override
            public Optional<Cap> forCampaign(String campaign) {
                return Optional.ofNullable(perCampaign.get(campaign));
            }
        });
        dispatcher = new OutboxDispatcher(db.transactions(), new OutboxDispatcherIT.TestRenderer(), clock, POLICY,
                List.of(gate));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theFourthEmailInSevenDaysWaitsUntilTheFirstLeavesTheWindow() {
        for (int day = 0; day < 3; day++) {
            queue("welcome", "step-" + day, "cust-1");
            assertThat(sendDue()).isEqualTo(1);
            clock.advance(Duration.ofDays(1));
        }
        long fourth = queue("welcome", "step-3", "cust-1");

        assertThat(sendDue()).isZero();
        Map<String, Object> row = db.row("select * from outbox_message where id = ?", fourth);
        assertThat(row).containsEntry("status", "PENDING");
        assertThat(instant(row.get("next_attempt_at"))).isEqualTo(START.plus(Duration.ofDays(7)));
        assertThat((String) row.get("last_error")).isEqualTo("deferred: global frequency cap 3 per 7d reached");
        assertThat(((Number) row.get("attempts")).intValue()).isZero();

        clock.advance(Duration.ofDays(4));  // day 7: the first send leaves the window
        assertThat(sendDue()).isEqualTo(1);
        assertThat(db.row("select status from outbox_message where id = ?", fourth)).containsEntry("status", "SENT");
    }

    @Test
    void otherCustomersAreNotHeldByOnesCap() {
        for (int i = 0; i < 3; i++) {
            queue("welcome", "step-" + i, "cust-1");
        }
        assertThat(sendDue()).isEqualTo(3);
        queue("welcome", "step-3", "cust-1");
        queue("welcome", "step-0", "cust-2");
        assertThat(sendDue()).isEqualTo(1);
        assertThat(db.row("select status from outbox_message where customer_id = 'cust-2'")).containsEntry("status", "SENT");
    }

    @Test
    void oneClaimCannotOvershootTheCapWithMessagesOfTheSameBatch() {
        for (int i = 0; i < 5; i++) {
            queue("welcome", "step-" + i, "cust-1");
        }
        List<OutboundEmail> claimed = dispatcher.claimDue(10);
        assertThat(claimed).hasSize(3);
        assertThat(db.count("outbox_message")).isEqualTo(5);
        assertThat(db.rows("select id from outbox_message where last_error like 'deferred: global%'")).hasSize(2);
    }

    @Test
    void aCampaignCapDefersOnlyThatCampaign() {
        global = null;
        queue("win-back", "1", "cust-1");
        assertThat(sendDue()).isEqualTo(1);
        clock.advance(Duration.ofDays(2));
        long again = queue("win-back", "2", "cust-1");
        queue("welcome", "1", "cust-1");

        assertThat(sendDue()).as("welcome goes, the second win-back waits").isEqualTo(1);
        Map<String, Object> row = db.row("select * from outbox_message where id = ?", again);
        assertThat(instant(row.get("next_attempt_at"))).isEqualTo(START.plus(Duration.ofDays(30)));
        assertThat((String) row.get("last_error")).contains("frequency cap of campaign win-back (1 per 30d)");
    }

    @Test
    void capsAreWrittenMaxSlashPeriod() {
        assertThat(Cap.parse("3/7d")).isEqualTo(new Cap(3, Duration.ofDays(7)));
        assertThat(Cap.parse(" 10 / 24h ")).isEqualTo(new Cap(10, Duration.ofHours(24)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cap.parse("3 per week"))
                .hasMessageContaining("MAX/PERIOD");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cap.parse("0/7d")).hasMessageContaining("max >= 1");
    }

    @Test
    void anIdlePollTakesNoLockAndAMessageFallingDueIsStillClaimed() throws Exception {
        long later = queueAt(START.plus(Duration.ofMinutes(5)), "welcome", "1", "cust-1");
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try (Connection other = db.dataSource().getConnection()) {
            // another dispatcher holds the claim lock: a poll that took it would wait (then fail on the lock timeout)
            other.setAutoCommit(false);
            try (Statement lock = other.createStatement()) {
                lock.executeQuery("select id from outbox_claim_lock where id = 1 for update").close();
            }
            Future<List<OutboundEmail>> idlePoll = poller.submit(() -> dispatcher.claimDue(10));
            assertThat(idlePoll.get(5, TimeUnit.SECONDS)).as("nothing due: answered without the lock").isEmpty();

            clock.advance(Duration.ofMinutes(5));
            Future<List<OutboundEmail>> duePoll = poller.submit(() -> dispatcher.claimDue(10));
            Thread.sleep(300);
            assertThat(duePoll).as("something due: the claim waits for the lock, as before").isNotDone();
            other.rollback();
            assertThat(duePoll.get(10, TimeUnit.SECONDS)).extracting(OutboundEmail::outboxId).containsExactly(later);
        } finally {
            poller.shutdownNow();
        }
    }

    /** Claims what is due and reports it sent, as the dispatch route does; how many were sent. */
    int sendDue() {
        List<OutboundEmail> due = dispatcher.claimDue(50);
        due.forEach(e -> dispatcher.markSent(e.outboxId()));
        return due.size();
    }

    long queue(String campaign, String step, String customer) {
        return queueAt(clock.instant(), campaign, step, customer);
    }

    long queueAt(Instant due, String campaign, String step, String customer) {
        String model = "{\"customer\":{\"id\":\"" + customer + "\",\"firstName\":\"Ann\"},\"campaign\":\"" + campaign + "\"}";
        OutboxMessage message = new OutboxMessage(campaign, customer, step, "A", "evt-" + step, "welcome",
                customer + "@example.com", model, due);
        return db.transactions().inTransaction(em -> {
            em.persist(message);
            em.flush();
            return message.id();
        });
    }
}
