package dev.herald.engine.delivery;

import dev.herald.engine.delivery.FrequencyCapGate.Cap;
import dev.herald.engine.delivery.OutboxDispatcher.RetryPolicy;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several dispatchers (threads of one process, or nodes: each has its own {@link OutboxDispatcher}) claiming and
 * sending from one outbox at the same time, on a real database: no message is taken twice, and a frequency cap
 * holds although two dispatchers could pick emails to the same customer at the same moment (ADR 0026).
 */
abstract class ParallelDispatchIT {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMinutes(2), 3, Duration.ofSeconds(5),
            Duration.ofMinutes(30));
    static final int DISPATCHERS = 4;

    HeraldDatabase db;
    MutableClock clock;

    /** A new, empty database for one test. */
    protected abstract DataSource freshDataSource();

    @BeforeEach
    void openDatabase() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(START);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void parallelDispatchersSendEveryMessageOnceAndNoneTwice() throws Exception {
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            queued.add(queue("welcome", "1", "cust-" + i));
        }

        List<Long> sent = dispatchInParallel(List.of(), 7);

        assertThat(sent).as("no message sent twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(sent)).as("every message sent").isEqualTo(new HashSet<>(queued));
        assertThat(db.rows("select id from outbox_message where status <> 'SENT' or claims <> 1")).isEmpty();
    }

    @Test
    void aFrequencyCapHoldsWhenDispatchersSendToTheSameCustomersAtOnce() throws Exception {
        int customers = 12;
        int perCustomer = 8;
        Cap cap = new Cap(2, Duration.ofDays(7));
        for (int step = 0; step < perCustomer; step++) { // interleaved: every claim holds several customers
            for (int c = 0; c < customers; c++) {
                queue("welcome", "step-" + step, "cust-" + c);
            }
        }

        // each dispatcher with its own gate, as separate nodes would have
        List<Long> sent = dispatchInParallel(List.of(cap), 5);

        assertThat(sent).doesNotHaveDuplicates();
        Map<String, Long> sentPerCustomer = new HashMap<>();
        db.rows("select customer_id, count(*) as n from outbox_message where status = 'SENT' group by customer_id")
                .forEach(r -> sentPerCustomer.put((String) r.get("customer_id"), ((Number) r.get("n")).longValue()));
        assertThat(sentPerCustomer).as("emails sent per customer, cap 2 per 7 days").hasSize(customers)
                .allSatisfy((customer, n) -> assertThat(n).as(customer).isEqualTo(2L));
        List<Map<String, Object>> waiting = db.rows("select * from outbox_message where status = 'PENDING'");
        assertThat(waiting).as("the others are deferred, not dropped").hasSize(customers * (perCustomer - 2))
                .allSatisfy(r -> {
                    assertThat((String) r.get("last_error")).isEqualTo("deferred: global frequency cap 2 per 7d reached");
                    assertThat(HeraldDatabase.instant(r.get("next_attempt_at"))).isAfter(START);
                });
    }

    /**
     * Runs {@link #DISPATCHERS} dispatchers at once, each claiming {@code batch} at a time and reporting every
     * claimed email sent after a short pause (the SMTP round trip), until nothing is left to claim (a claim can
     * come back empty while due rows remain: all of them deferred); returns the ids of every email sent.
     */
    private List<Long> dispatchInParallel(List<Cap> globalCap, int batch) throws Exception {
        CyclicBarrier start = new CyclicBarrier(DISPATCHERS);
        ExecutorService pool = Executors.newFixedThreadPool(DISPATCHERS);
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int d = 0; d < DISPATCHERS; d++) {
                // after the cap, a gate that takes a moment per message, as lookups of suppression or time zones do:
                // claims for the same customers overlap in time, as they do under load
                List<SendGate> gates = globalCap.isEmpty() ? List.of()
                        : List.of(capGate(globalCap.get(0)), ParallelDispatchIT::aMomentLater);
                OutboxDispatcher own = new OutboxDispatcher(db.transactions(), new OutboxDispatcherIT.TestRenderer(),
                        clock, POLICY, gates);
                running.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    while (true) {
                        List<OutboundEmail> claimed = own.claimDue(batch);
                        if (claimed.isEmpty() && db.rows("select id from outbox_message where status = 'PENDING'"
                                + " and lease_until is null and next_attempt_at <= ?", START.atOffset(java.time.ZoneOffset.UTC)).isEmpty()) {
                            return null;
                        }
                        for (OutboundEmail email : claimed) {
                            Thread.sleep(1);
                            own.markSent(email.outboxId());
                            sent.add(email.outboxId());
                        }
                    }
                }));
            }
            for (Future<?> done : running) {
                done.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return sent;
    }

    private static SendGate.Verdict aMomentLater(jakarta.persistence.EntityManager em, OutboxMessage m, Instant now) {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return SendGate.send();
    }

    private static FrequencyCapGate capGate(Cap global) {
        return new FrequencyCapGate(new FrequencyCapGate.Limits() {
            @Override
            public Optional<Cap> global() {
                return Optional.of(global);
            }

            @Override
            public Optional<Cap> forCampaign(String campaign) {
                return Optional.empty();
            }
        });
    }

    long queue(String campaign, String step, String customer) {
        String model = "{\"customer\":{\"id\":\"" + customer + "\",\"firstName\":\"Ann\"},\"campaign\":\"" + campaign + "\"}";
        OutboxMessage message = new OutboxMessage(campaign, customer, step, "A", "evt-" + customer + "-" + step,
                "welcome", customer + "@example.com", model, clock.instant());
        return db.transactions().inTransaction(em -> {
            em.persist(message);
            em.flush();
            return message.id();
        });
    }
}
