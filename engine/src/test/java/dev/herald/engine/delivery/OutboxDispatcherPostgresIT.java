package dev.herald.engine.delivery;

import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.testsupport.TestDatabases;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutboxDispatcherIT} on a real PostgreSQL (one embedded server, a fresh database per test), plus what
 * only a server database shows: several dispatchers claiming at once never share a message.
 */
class OutboxDispatcherPostgresIT extends OutboxDispatcherIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }

    @Test
    void claimerSkipsRowsAnotherClaimerHoldsInsteadOfWaiting() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(queue("welcome", "cust-" + i, "N" + i));
        }
        CountDownLatch firstHoldsLocks = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        // the first dispatcher keeps its transaction open, rows locked, until the second has claimed
        OutboxDispatcher first = new OutboxDispatcher(pausingBeforeCommit(db.transactions(), () -> {
            firstHoldsLocks.countDown();
            await(secondDone);
        }), new TestRenderer(), clock, POLICY);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<OutboundEmail>> firstClaim = pool.submit(() -> first.claimDue(3));
            assertThat(firstHoldsLocks.await(30, TimeUnit.SECONDS)).isTrue();

            List<OutboundEmail> secondClaim = CompletableFuture.supplyAsync(() -> dispatcher.claimDue(10))
                    .get(10, TimeUnit.SECONDS); // blocked on the first's locks would time out here
            secondDone.countDown();

            assertThat(firstClaim.get(30, TimeUnit.SECONDS)).extracting(OutboundEmail::outboxId)
                    .containsExactlyElementsOf(ids.subList(0, 3));
            assertThat(secondClaim).extracting(OutboundEmail::outboxId)
                    .containsExactlyElementsOf(ids.subList(3, 6));
        } finally {
            secondDone.countDown();
            pool.shutdownNow();
        }
        assertThat(dispatcher.claimDue(10)).isEmpty();
    }

    @Test
    void concurrentClaimersNeverGetTheSameMessage() throws Exception {
        int messages = 60;
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            queued.add(queue("welcome", "cust-" + i, "N" + i));
        }
        int claimers = 2;
        CyclicBarrier start = new CyclicBarrier(claimers);
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<Integer>> claimersDone = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                OutboxDispatcher own = new OutboxDispatcher(db.transactions(), new TestRenderer(), clock, POLICY);
                claimersDone.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    int n = 0;
                    List<OutboundEmail> batch;
                    while (!(batch = own.claimDue(4)).isEmpty()) {
                        batch.forEach(e -> claimed.add(e.outboxId()));
                        n++;
                    }
                    return n;
                }));
            }
            for (Future<Integer> done : claimersDone) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claimed).as("no message claimed twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).as("every message claimed").isEqualTo(new HashSet<>(queued));
        Set<Long> leased = new HashSet<>();
        db.rows("select id from outbox_message where lease_until is not null")
                .forEach(r -> leased.add(((Number) r.get("id")).longValue()));
        assertThat(leased).hasSize(messages);
    }

    /** Runs {@code pause} after the work has been flushed and before the transaction commits. */
    private static Transactions pausingBeforeCommit(Transactions delegate, Runnable pause) {
        return new Transactions() {
            @Override
            public <T> T inTransaction(Function<EntityManager, T> work) {
                return delegate.inTransaction(em -> {
                    T result = work.apply(em);
                    em.flush();
                    pause.run();
                    return result;
                });
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for the other claimer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
