package dev.herald.engine.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sending side of the transactional outbox. {@link #claimDue} leases due messages (rows locked with
 * SKIP LOCKED, so several dispatchers never take the same row) and renders them; the transport adapter then
 * reports {@link #markSent} or {@link #markFailed}. A lease that is never reported, because the process died
 * mid-send, simply expires and the message is taken again: at-least-once towards SMTP, with the window for a
 * repeat limited to a crash between the SMTP reply and the commit of {@code markSent}. A batch is leased at once
 * but sent one email after another, so the transport asks {@link #holdLease} before each send: an email whose
 * lease ran out and was claimed by another dispatcher meanwhile is left to that one.
 */
public class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int SKIP_LOCKED = -2;
    private static final TypeReference<Map<String, Object>> MODEL = new TypeReference<>() {
    };

    private final Transactions transactions;
    private final TemplateRenderer renderer;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final List<SendGate> gates;
    /** Whether claims take the claim lock first: a gate counts other dispatchers' leases (frequency caps). */
    private final boolean serializeClaims;
    private final ObjectMapper json = new ObjectMapper();
    private volatile DeliveryHooks hooks = DeliveryHooks.NONE;
    private volatile java.util.function.Consumer<String> held = outcome -> { };

    public OutboxDispatcher(Transactions transactions, TemplateRenderer renderer, Clock clock, RetryPolicy retryPolicy) {
        this(transactions, renderer, clock, retryPolicy, List.of());
    }

    /** @param gates send-time checks (suppression, caps, quiet hours…), asked in order for every due message */
    public OutboxDispatcher(Transactions transactions, TemplateRenderer renderer, Clock clock, RetryPolicy retryPolicy,
                            List<SendGate> gates) {
        this.transactions = transactions;
        this.renderer = renderer;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.gates = List.copyOf(gates);
        this.serializeClaims = this.gates.stream().anyMatch(SendGate::countsOtherClaims);
    }

    /** Installs the hooks that add unsubscribe links, tracking and bounce handling to every send. */
    public OutboxDispatcher withHooks(DeliveryHooks deliveryHooks) {
        this.hooks = deliveryHooks == null ? DeliveryHooks.NONE : deliveryHooks;
        return this;
    }

    /**
     * Tells {@code listener} of each email held back on its way out, by what held it: {@code deferred} or
     * {@code suppressed} by a send gate, or {@code render_failed} (for the operators' metrics, ADR 0062). A gate's
     * verdict is told as it is written, inside the claim's transaction.
     */
    public OutboxDispatcher onHeld(java.util.function.Consumer<String> listener) {
        this.held = listener;
        return this;
    }

    /**
     * Leases up to {@code max} due messages and renders them. A message whose template cannot be rendered
     * is marked failed (with the reason) instead of being returned. Safe to call from several threads (and
     * nodes) at once: rows are locked with SKIP LOCKED and leased, so no two claims return the same message.
     * When a gate counts other claims (frequency caps), claims wait for each other on the
     * {@code outbox_claim_lock} row, so a cap is never overshot by two claims for one customer at once;
     * rendering and sending stay parallel.
     */
    public List<OutboundEmail> claimDue(int max) {
        if (serializeClaims && !anyDue()) {
            return List.of();
        }
        List<OutboxMessage> leased = transactions.inTransaction(em -> {
            if (serializeClaims) {
                em.createNativeQuery("select id from outbox_claim_lock where id = 1 for update").getResultList();
            }
            Instant now = clock.instant(); // after the wait for the lock: the leases taken meanwhile are seen
            List<OutboxMessage> due = em.createQuery("select m from OutboxMessage m where m.status = :pending"
                            + " and m.nextAttemptAt <= :now and (m.leaseUntil is null or m.leaseUntil < :now)"
                            + " order by m.id", OutboxMessage.class)
                    .setParameter("pending", OutboxMessage.Status.PENDING)
                    .setParameter("now", now)
                    .setMaxResults(max)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                    .getResultList();
            // The rows stay locked until commit; each is written back by one update statement below. Keeping them
            // out of the persistence context spares every gate query an auto-flush that dirty-checks the whole
            // batch (quadratic in the batch size: the largest item of a claim in the profile, ADR 0026).
            em.clear();
            Instant until = now.plus(retryPolicy.lease());
            List<OutboxMessage> cleared = new ArrayList<>(due.size());
            for (OutboxMessage m : due) {
                if (passesGates(em, m, now)) {
                    m.lease(until);
                    cleared.add(m);
                    writeLease(em, m); // at once: a cap counts this lease for the claim's next messages
                } else {
                    writeBack(em, m);
                }
                em.flush(); // anything a gate wrote
                em.clear(); // what the gates read (customers, suppressions) is not kept either
            }
            return cleared;
        });
        List<OutboundEmail> ready = new ArrayList<>(leased.size());
        for (OutboxMessage m : leased) {
            try {
                Map<String, Object> model = hooks.model(m, json.readValue(m.modelJson(), MODEL));
                RenderedEmail email = hooks.email(m, renderer.renderVariant(m.templateKey(), m.variant(), model));
                ready.add(new OutboundEmail(m.id(), m.campaign(), m.customerId(), m.recipient(), email,
                        hooks.headers(m), new OutboundEmail.Lease(m.claims(), m.leaseUntil())));
            } catch (Exception e) {
                LOG.error("outbox message {} (campaign {}, customer {}) cannot be rendered: {}", m.id(),
                        m.campaign(), m.customerId(), e.getMessage());
                markFailed(m.id(), "render failed: " + e.getMessage(), true);
                held.accept("render_failed");
            }
        }
        return ready;
    }

    /**
     * Whether any message is due, read without locking anything. Asked before the claim lock is taken, so an idle
     * poll locks no row: a row lock is a write on H2 (a chunk appended to the file at every commit, ADR 0025) and
     * on PostgreSQL (the tuple's header, in the WAL), five times a second with the default period (ADR 0042). A
     * message that falls due just after this answer is taken by the next poll, as one due just after a claim is.
     */
    private boolean anyDue() {
        Instant now = clock.instant();
        return transactions.inTransaction(em -> !em.createNativeQuery("select 1 from outbox_message"
                        + " where status = ?1 and next_attempt_at <= ?2 and (lease_until is null or lease_until < ?2)")
                .setParameter(1, OutboxMessage.Status.PENDING.name())
                .setParameter(2, now)
                .setMaxResults(1)
                .getResultList().isEmpty());
    }

    private boolean passesGates(EntityManager em, OutboxMessage m, Instant now) {
        for (SendGate gate : gates) {
            SendGate.Verdict verdict = gate.check(em, m, now);
            if (verdict instanceof SendGate.Defer defer) {
                LOG.info("outbox message {} to customer {} deferred until {}: {}", m.id(), m.customerId(),
                        defer.until(), defer.reason());
                m.defer(defer.until(), defer.reason());
                held.accept("deferred");
                return false;
            }
            if (verdict instanceof SendGate.Suppress suppress) {
                LOG.info("outbox message {} to customer {} suppressed: {}", m.id(), m.customerId(),
                        suppress.reason());
                m.markSuppressed(suppress.reason());
                held.accept("suppressed");
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a lease with one plain SQL statement. Native rather than JPQL: Hibernate translates a JPQL update
     * into SQL again on every execution, which was a tenth of the dispatching thread (ADR 0033).
     */
    private static void writeLease(EntityManager em, OutboxMessage m) {
        em.createNativeQuery("update outbox_message set lease_until = ?1, claims = ?2 where id = ?3")
                .setParameter(1, m.leaseUntil())
                .setParameter(2, m.claims())
                .setParameter(3, m.id())
                .executeUpdate();
    }

    /** Writes a claimed message's new state after a gate's verdict (deferral or suppression) with one statement. */
    private static void writeBack(EntityManager em, OutboxMessage m) {
        em.createQuery("update OutboxMessage m set m.status = :status, m.nextAttemptAt = :next,"
                        + " m.leaseUntil = :lease, m.lastError = :error, m.claims = :claims where m.id = :id")
                .setParameter("status", m.status())
                .setParameter("next", m.nextAttemptAt())
                .setParameter("lease", m.leaseUntil())
                .setParameter("error", m.lastError())
                .setParameter("claims", m.claims())
                .setParameter("id", m.id())
                .executeUpdate();
    }

    /**
     * Whether a claimed email may go out now: asked just before its send. The emails of a batch are sent one after
     * another under leases taken together, so on a slow or busy machine the last ones can outlive their lease, and
     * another dispatcher may claim and send them too (a duplicate with no crash at all). So when less than half
     * the lease is left, it is extended by a full lease, but only if no other claim has taken the row since (its
     * claim count is still this claim's, a fence that needs no clock agreement between nodes). If one has, the
     * email is not this dispatcher's any more and must not be sent. With at least half a lease ahead of every
     * send, an email goes out twice only if its send and {@link #markSent} together take longer than that, as when
     * the process dies between them.
     */
    public boolean holdLease(OutboundEmail email) {
        Instant now = clock.instant();
        OutboundEmail.Lease lease = email.lease();
        if (now.isBefore(lease.until().minus(retryPolicy.lease().dividedBy(2)))) {
            return true;
        }
        int extended = transactions.inTransaction(em -> em.createNativeQuery("update outbox_message"
                        + " set lease_until = ?1 where id = ?2 and claims = ?3 and status = ?4")
                .setParameter(1, now.plus(retryPolicy.lease()))
                .setParameter(2, email.outboxId())
                .setParameter(3, lease.claim())
                .setParameter(4, OutboxMessage.Status.PENDING.name())
                .executeUpdate());
        if (extended == 0) {
            LOG.warn("outbox message {} to customer {} not sent by this dispatcher: its lease (claim {}) ran out at {}"
                    + " and another claim took it", email.outboxId(), email.customerId(), lease.claim(), lease.until());
            return false;
        }
        LOG.debug("outbox message {}: lease (claim {}) extended before its send", email.outboxId(), lease.claim());
        return true;
    }

    /**
     * Records the SMTP server's acceptance: one short transaction of a single plain SQL update (no read first,
     * no JPQL translation: see {@link #writeLease}). Called for each email on its own, right after the server
     * accepted it, so a crash can repeat at most the email in flight.
     */
    public void markSent(long outboxId) {
        Instant now = clock.instant();
        transactions.inTransaction(em -> em.createNativeQuery("update outbox_message set status = ?1,"
                        + " sent_at = ?2, lease_until = null, last_error = null where id = ?3")
                .setParameter(1, OutboxMessage.Status.SENT.name())
                .setParameter(2, now)
                .setParameter(3, outboxId)
                .executeUpdate());
    }

    /**
     * Records a failed attempt. Transient failures are retried with exponential backoff and jitter until
     * the policy's attempts are used up; permanent ones fail at once. Either way the message stays on record.
     */
    public void markFailed(long outboxId, String error, boolean permanent) {
        Instant now = clock.instant();
        transactions.inTransaction(em -> {
            OutboxMessage m = em.find(OutboxMessage.class, outboxId);
            Instant retryAt = permanent || m.attempts() + 1 >= retryPolicy.maxAttempts()
                    ? null
                    : now.plus(retryPolicy.backoff(m.attempts() + 1, ThreadLocalRandom.current().nextDouble()));
            m.markAttemptFailed(error, retryAt);
            if (permanent) {
                hooks.failedForGood(em, m, error, now);
            }
            if (retryAt == null) {
                LOG.warn("outbox message {} to customer {} failed for good after {} attempt(s): {}", outboxId,
                        m.customerId(), m.attempts(), error);
            } else {
                LOG.info("outbox message {} attempt {} failed ({}); retry at {}", outboxId, m.attempts(), error,
                        retryAt);
            }
            return null;
        });
    }

    /** Counts messages by status, for progress reports and the summary. */
    public long count(OutboxMessage.Status status) {
        return transactions.inTransaction(em -> em.createQuery(
                        "select count(m) from OutboxMessage m where m.status = :s", Long.class)
                .setParameter("s", status).getSingleResult());
    }

    /**
     * When and how often to retry.
     *
     * @param lease       how long a claimed message is reserved for one dispatcher
     * @param maxAttempts attempts in all before a message fails for good
     * @param baseDelay   the delay after the first failure; doubled after each further failure
     * @param maxDelay    the cap on the delay
     */
    public record RetryPolicy(Duration lease, int maxAttempts, Duration baseDelay, Duration maxDelay) {

        public static RetryPolicy defaults() {
            return new RetryPolicy(Duration.ofMinutes(2), 8, Duration.ofSeconds(5), Duration.ofMinutes(30));
        }

        /** Exponential backoff with ±20% jitter; {@code random} in [0, 1). */
        Duration backoff(int failedAttempts, double random) {
            long base = baseDelay.toMillis() << Math.min(failedAttempts - 1, 20);
            long capped = Math.min(base, maxDelay.toMillis());
            double jitter = 0.8 + 0.4 * random;
            return Duration.ofMillis(Math.round(capped * jitter));
        }
    }
}
