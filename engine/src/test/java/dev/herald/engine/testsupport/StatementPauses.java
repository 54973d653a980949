package dev.herald.engine.testsupport;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Wraps a real data source so that a test can stop one thread just before a statement of its choice (or before
 * its commit) until the test lets it go on: the way to force a given interleaving of two transactions on the real
 * database, instead of hoping a stress loop hits it. Statements of other threads, and of the thread once its
 * pause was taken, pass straight through.
 */
public final class StatementPauses {

    /** What {@link Pause} matches for a commit: no statement text, the connection's commit itself. */
    public static final String COMMIT = "<commit>";

    private final DataSource dataSource;
    private volatile Pause armed;

    public StatementPauses(DataSource target) {
        this.dataSource = proxy(DataSource.class, target, (method, args) -> {
            Object result = method.invoke(target, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    /** The data source to hand to the code under test. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Arms a pause for the calling thread: the first statement it prepares whose SQL (lower case) matches
     * {@code where} ({@link #COMMIT} for its commit) waits until {@link Pause#release()} or {@code atMost}.
     */
    public Pause pauseThisThreadAt(Predicate<String> where, Duration atMost) {
        Pause pause = new Pause(Thread.currentThread(), where, atMost);
        armed = pause;
        return pause;
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (method, args) -> {
            if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                maybePause(sql.toLowerCase(java.util.Locale.ROOT));
            } else if (method.getName().equals("commit")) {
                maybePause(COMMIT);
            }
            return method.invoke(target, args);
        });
    }

    private void maybePause(String sql) throws InterruptedException {
        Pause pause = armed;
        if (pause != null && pause.thread == Thread.currentThread() && pause.where.test(sql)) {
            armed = null;
            pause.take();
        }
    }

    private interface Call {
        Object invoke(Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return call.invoke(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(StatementPauses.class.getClassLoader(), new Class<?>[]{type}, handler);
    }

    /** One armed stop of one thread. */
    public static final class Pause {

        private final Thread thread;
        private final Predicate<String> where;
        private final Duration atMost;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Pause(Thread thread, Predicate<String> where, Duration atMost) {
            this.thread = thread;
            this.where = where;
            this.atMost = atMost;
        }

        private void take() throws InterruptedException {
            reached.countDown();
            released.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Waits until the paused thread has stopped at its statement; false if it did not within {@code limit}. */
        public boolean awaitReached(Duration limit) throws InterruptedException {
            return reached.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        public void release() {
            released.countDown();
        }
    }
}
