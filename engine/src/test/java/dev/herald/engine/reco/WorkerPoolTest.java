package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPoolTest {

    @Test
    void coversEveryIndexExactlyOnce() {
        int[] visits = new int[1000];
        try (WorkerPool pool = new WorkerPool(3)) {
            pool.forRange(visits.length, 7, (from, to) -> {
                for (int i = from; i < to; i++) {
                    visits[i]++;
                }
            });
        }
        assertThat(visits).containsOnly(1);
    }

    @Test
    void aFailingWorkerFailsTheJobWithItsCause() {
        AtomicInteger chunksRun = new AtomicInteger();
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThatThrownBy(() -> pool.forRange(100, 10, (from, to) -> {
                chunksRun.incrementAndGet();
                if (from == 30) {
                    throw new IllegalStateException("chunk 30 broke");
                }
            })).isInstanceOf(WorkerPool.WorkerFailedException.class).hasMessage("chunk 30 broke")
                    .hasCauseInstanceOf(IllegalStateException.class);
            // the pool is still usable afterwards
            AtomicInteger after = new AtomicInteger();
            pool.forRange(10, 1, (from, to) -> after.incrementAndGet());
            assertThat(after).hasValue(10);
        }
        assertThat(chunksRun.get()).isEqualTo(10);
    }

    @Test
    void checkedExceptionsOnOneThreadAreWrappedToo() {
        try (WorkerPool pool = new WorkerPool(1)) {
            assertThatThrownBy(() -> pool.forRange(5, 1, (from, to) -> {
                throw new java.io.IOException("disk gone");
            })).isInstanceOf(WorkerPool.WorkerFailedException.class).hasMessage("disk gone");
        }
    }
}
