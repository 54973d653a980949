package dev.herald.engine.reco;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Runs index ranges on a fixed number of threads. Work is cut into chunks whose boundaries depend only on the
 * problem size, never on the thread count, and each chunk writes only its own slots, so results are identical
 * whatever the number of threads. {@code invokeAll} waits for every chunk (no busy-waiting); the first failure
 * is rethrown, so a failing worker fails the job instead of hanging it.
 */
public final class WorkerPool implements AutoCloseable {

    /** Work on the half-open index range [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to) throws Exception;
    }

    private final int threads;
    private final ForkJoinPool pool;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    /** A pool with one thread per available processor. */
    public static WorkerPool ofAvailableProcessors() {
        return new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} over [0, size) in chunks of {@code chunk} indexes and waits for all of them. */
    public void forRange(int size, int chunk, RangeTask task) {
        if (size <= 0) {
            return;
        }
        int step = Math.max(1, chunk);
        if (pool == null || size <= step) {
            try {
                for (int from = 0; from < size; from += step) {
                    task.run(from, Math.min(size, from + step));
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new WorkerFailedException(e);
            }
            return;
        }
        List<Callable<Void>> chunks = new ArrayList<>();
        for (int from = 0; from < size; from += step) {
            int start = from;
            int end = Math.min(size, from + step);
            chunks.add(() -> {
                task.run(start, end);
                return null;
            });
        }
        List<Future<Void>> futures = pool.invokeAll(chunks);
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause.getCause() != null && cause.getCause().getClass() == cause.getClass()) {
                    cause = cause.getCause();  // fork/join re-creates the exception in the waiting thread
                }
                if (cause instanceof RuntimeException runtime) {
                    throw new WorkerFailedException(runtime.getMessage(), runtime);
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new WorkerFailedException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerFailedException(e);
            } catch (CancellationException e) {
                throw new WorkerFailedException(e);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A chunk of parallel work failed; the cause is the worker's exception. */
    public static final class WorkerFailedException extends RuntimeException {
        WorkerFailedException(Throwable cause) {
            super(cause.getMessage(), cause);
        }

        WorkerFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
