package dev.herald.engine.application;

import dev.herald.engine.event.SegmentChanged;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.segment.SegmentChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Turns stored segment changes into {@code segment_changed} events for the rule base, durably: a change is
 * pending until an event {@code segment-change:ID} is in the idempotency record, which is written in the same
 * transaction as the decision and its outbox row. A crash before that commit leaves the change pending; a
 * second poller (or node) racing on the same change meets the idempotency key and does nothing. Changes are
 * handled oldest first; each in its own transaction, so one failing change does not hold up the others.
 *
 * <p>Pending is computed by an anti-join, not by a remembered last id: {@code segment_change} ids come from a
 * pooled sequence shared by several processes ({@code herald run}, {@code herald segment rfm}), so they do not
 * commit in id order and a cursor could skip a change committed late.
 */
public final class SegmentChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentChangeFeed.class);

    private final Transactions transactions;
    private final EventProcessingService processing;

    public SegmentChangeFeed(Transactions transactions, EventProcessingService processing) {
        this.transactions = transactions;
        this.processing = processing;
    }

    /** What one poll did. */
    public record Poll(int pending, int processed, int duplicates, int failed) {
    }

    /**
     * Processes up to {@code max} pending changes, oldest first.
     *
     * @return counts; {@code pending} is how many were found (fewer than max: the feed is drained)
     */
    public Poll processPending(int max) {
        List<SegmentChange> pending = transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Number> ids = em.createNativeQuery("select c.id from segment_change c where not exists"
                            + " (select 1 from processed_event p where p.event_id = '" + SegmentChanged.EVENT_ID_PREFIX
                            + "' || cast(c.id as varchar(20))) order by c.id")
                    .setMaxResults(max).getResultList();
            if (ids.isEmpty()) {
                return List.<SegmentChange>of();
            }
            return em.createQuery("select c from SegmentChange c where c.id in :ids order by c.id", SegmentChange.class)
                    .setParameter("ids", ids.stream().map(Number::longValue).toList()).getResultList();
        });
        int processed = 0;
        int duplicates = 0;
        int failed = 0;
        for (SegmentChange change : pending) {
            try {
                ProcessingOutcome outcome = processing.process(eventOf(change));
                if (outcome.duplicate()) {
                    duplicates++;
                } else {
                    processed++;
                }
            } catch (RuntimeException e) {
                // stays pending and is retried at the next poll
                failed++;
                LOG.warn("segment change {} ({} → {} for customer {}) failed; retried at the next poll: {}",
                        change.id(), change.fromSegment(), change.toSegment(), change.customerId(), e.toString());
            }
        }
        if (!pending.isEmpty()) {
            LOG.info("segment changes: {} processed, {} already done, {} failed", processed, duplicates, failed);
        }
        return new Poll(pending.size(), processed, duplicates, failed);
    }

    /** Processes pending changes until none is left (or a poll fails entirely); for commands and tests. */
    public int drain(int batch) {
        int total = 0;
        while (true) {
            Poll poll = processPending(batch);
            total += poll.processed();
            if (poll.pending() < batch || poll.failed() == poll.pending()) {
                return total;
            }
        }
    }

    static SegmentChanged eventOf(SegmentChange change) {
        return new SegmentChanged(SegmentChanged.eventIdOf(change.id()), change.customerId(), change.scheme(),
                change.fromSegment(), change.toSegment(), change.changedAt());
    }
}
