package dev.herald.engine.journey;

import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.testsupport.TestDatabases;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
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
 * {@link JourneyServiceIT} on a real PostgreSQL, plus what only a server database shows: sweepers claiming due
 * runs at once skip each other's locked rows instead of waiting, and never share a run.
 */
class JourneyServicePostgresIT extends JourneyServiceIT {

    @Override
    protected DataSource freshDataSource() {
        return TestDatabases.sharedPostgres().freshDatabase();
    }

    @Test
    void aSweeperSkipsRunsAnotherSweeperHoldsInsteadOfWaiting() throws Exception {
        for (int i = 0; i < 6; i++) {
            processing.process(signup("evt-" + i, "cust-" + i, START));
        }
        clock.advance(Duration.ofHours(1));
        CountDownLatch firstHoldsLocks = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        JourneyService first = new JourneyService(pausingBeforeCommit(db.transactions(), () -> {
            firstHoldsLocks.countDown();
            await(secondDone);
        }), service::definitionsForTest, clock);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<Long>> firstClaim = pool.submit(() -> first.claimDue(3));
            assertThat(firstHoldsLocks.await(30, TimeUnit.SECONDS)).isTrue();

            List<Long> secondClaim = CompletableFuture.supplyAsync(() -> service.claimDue(10))
                    .get(10, TimeUnit.SECONDS); // blocked on the first's locks would time out here
            secondDone.countDown();

            List<Long> firstIds = firstClaim.get(30, TimeUnit.SECONDS);
            assertThat(firstIds).hasSize(3);
            assertThat(secondClaim).hasSize(3).doesNotContainAnyElementsOf(firstIds);
        } finally {
            secondDone.countDown();
            pool.shutdownNow();
        }
        assertThat(service.claimDue(10)).as("all leased").isEmpty();
    }

    @Test
    void concurrentSweepersAdvanceEveryDueRunExactlyOnce() throws Exception {
        int customers = 40;
        for (int i = 0; i < customers; i++) {
            processing.process(signup("evt-" + i, "cust-" + i, START));
        }
        clock.advance(Duration.ofHours(1));
        int sweepers = 2;
        CyclicBarrier start = new CyclicBarrier(sweepers);
        ExecutorService pool = Executors.newFixedThreadPool(sweepers);
        List<Integer> advanced = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < sweepers; s++) {
                JourneyService own = new JourneyService(db.transactions(), service::definitionsForTest, clock);
                done.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    int n;
                    while ((n = own.advanceDue(3)) > 0) {
                        advanced.add(n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(advanced.stream().mapToInt(Integer::intValue).sum()).isEqualTo(customers);
        assertThat(db.count("outbox_message")).isEqualTo(customers);
        assertThat(new HashSet<>(db.rows("select customer_id from outbox_message where step = 'reminder'")))
                .hasSize(customers);
        assertThat(db.count("journey_instance")).isEqualTo(customers);
        assertThat(db.rows("select id from journey_instance where current_step <> 'wait-click'")).isEmpty();
    }

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
                throw new IllegalStateException("timed out waiting for the other sweeper");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
