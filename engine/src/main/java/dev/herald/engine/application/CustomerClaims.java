package dev.herald.engine.application;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lets at most one batch at a time work on a given customer in this JVM. Each customer's events from one source
 * stay on one consumer (message groups), but a CRM batch and a commerce batch holding the same new customers ran at
 * once on two consumers, both inserted the same identity rows, and one of them failed on the other's row locks or
 * unique keys and was redone in parts (ADR 0036). A batch now claims all its customers' keys at once (all or none,
 * so two batches can never wait on each other) and waits while another batch holds any of them.
 *
 * <p>A batch first takes, without waiting, the events whose customers are free ({@link #claimFree}) and applies them;
 * only the rest waits (ADR 0043). Waiting for the whole batch made two queues' batches of overlapping customers
 * convoy: a commerce batch waited for the entire CRM batch that held any one of its customers.
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
     * The events of a batch that {@link #claimFree} claimed at once.
     *
     * @param free indexes of the events that may be applied now, in batch order
     * @param held their keys, now held by the caller, to be given to {@link #release}
     */
    record FreeEvents(List<Integer> free, Set<String> held) {
    }

    /**
     * Claims, without waiting, the keys of those events of a batch that share no key with another batch's claim nor
     * with an earlier event of this batch left out; the others are left for {@link #claim}. So a customer's events
     * are never split around one another: once one of them is left out, so are all later events sharing a key.
     *
     * @param keysPerEvent each event's keys, in batch order
     */
    FreeEvents claimFree(List<? extends Collection<String>> keysPerEvent) {
        CustomerClaimEvent event = new CustomerClaimEvent();
        event.begin();
        FreeEvents result;
        synchronized (this) {
            Set<String> leftOut = new HashSet<>();
            Set<String> held = new HashSet<>();
            List<Integer> free = new ArrayList<>(keysPerEvent.size());
            for (int i = 0; i < keysPerEvent.size(); i++) {
                Collection<String> keys = keysPerEvent.get(i);
                if (Collections.disjoint(keys, claimed) && Collections.disjoint(keys, leftOut)) {
                    free.add(i);
                    held.addAll(keys);
                } else {
                    leftOut.addAll(keys);
                }
            }
            claimed.addAll(held);
            result = new FreeEvents(free, held);
        }
        if (event.shouldCommit()) {
            event.keys = result.held().size();
            event.leftOut = keysPerEvent.size() - result.free().size();
            event.commit();
        }
        return result;
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
