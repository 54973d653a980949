package dev.herald.engine.application;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Lets at most one batch at a time work on a given customer in this JVM. Each customer's events from one source
 * stay on one consumer (message groups), but a CRM batch and a commerce batch holding the same new customers ran at
 * once on two consumers, both inserted the same identity rows, and one of them failed on the other's row locks or
 * unique keys and was redone in parts (ADR 0036). A batch now claims all its customers' keys at once (all or none,
 * so two batches can never wait on each other) and waits while another batch holds any of them.
 *
 * <p>This only spares the database work that would be rolled back: the database's locks and unique keys still
 * decide what is correct, so the wait is bounded and a batch that waited too long goes ahead unclaimed.
 */
final class CustomerClaims {

    private final Set<String> claimed = new HashSet<>();
    private final long maxWaitNanos;

    CustomerClaims(Duration maxWait) {
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Claims {@code keys}, waiting while another batch holds any of them.
     *
     * @return the keys now held by the caller, to be given to {@link #release}; empty when the wait ran out (or the
     *         thread was interrupted) and the caller goes ahead without a claim
     */
    Set<String> claim(Collection<String> keys) {
        CustomerClaimEvent event = new CustomerClaimEvent();
        event.begin();
        Set<String> held = claimWaiting(keys);
        if (event.shouldCommit()) {
            event.keys = keys.size();
            event.timedOut = held.isEmpty() && !keys.isEmpty();
            event.commit();
        }
        return held;
    }

    private synchronized Set<String> claimWaiting(Collection<String> keys) {
        Set<String> wanted = new HashSet<>(keys);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (!Collections.disjoint(claimed, wanted)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Set.of();
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Set.of();
            }
        }
        claimed.addAll(wanted);
        return wanted;
    }

    synchronized void release(Set<String> keys) {
        if (!keys.isEmpty()) {
            claimed.removeAll(keys);
            notifyAll();
        }
    }

    synchronized int claimedCount() {
        return claimed.size();
    }
}
