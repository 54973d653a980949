package dev.herald.engine.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An email Herald decided to send, written in the same transaction as the decision. Its unique key
 * (campaign, customer, step, variant) means it can be queued only once; the dispatcher leases it, sends it
 * and records the outcome. Lifecycle: PENDING → SENT, or PENDING → (retries) → FAILED, or PENDING →
 * (deferred by a {@link SendGate}) → PENDING, or PENDING → SUPPRESSED.
 */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage {

    /** Where a message is in its life; SUPPRESSED means a {@link SendGate} stopped it at send time. */
    public enum Status { PENDING, SENT, FAILED, SUPPRESSED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_seq")
    @SequenceGenerator(name = "outbox_seq", sequenceName = "outbox_message_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false)
    private String campaign;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(nullable = false)
    private String step;

    @Column(nullable = false)
    private String variant;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(name = "template_key", nullable = false)
    private String templateKey;

    @Column(nullable = false)
    private String recipient;

    @Column(name = "model_json", nullable = false, columnDefinition = "TEXT")
    private String modelJson;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "last_error", length = 1000)
    private String lastError;

    /** Leases taken on this message; see V9__outbox_claims.sql. */
    @Column(nullable = false)
    private int claims;

    protected OutboxMessage() {
        // for JPA
    }

    public OutboxMessage(String campaign, String customerId, String step, String variant, String eventId,
                         String templateKey, String recipient, String modelJson, Instant now) {
        this.campaign = campaign;
        this.customerId = customerId;
        this.step = step;
        this.variant = variant;
        this.eventId = eventId;
        this.templateKey = templateKey;
        this.recipient = recipient;
        this.modelJson = modelJson;
        this.status = Status.PENDING;
        this.attempts = 0;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    void lease(Instant until) {
        this.leaseUntil = until;
        this.claims++;
    }

    void markSent(Instant now) {
        this.status = Status.SENT;
        this.sentAt = now;
        this.leaseUntil = null;
        this.lastError = null;
    }

    /** Takes the message again at {@code until}, without counting an attempt. */
    void defer(Instant until, String reason) {
        this.nextAttemptAt = until;
        this.leaseUntil = null;
        this.lastError = truncate("deferred: " + reason);
    }

    void markSuppressed(String reason) {
        this.status = Status.SUPPRESSED;
        this.leaseUntil = null;
        this.lastError = truncate("suppressed: " + reason);
    }

    Instant leaseUntil() {
        return leaseUntil;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String step() {
        return step;
    }

    public Instant createdAt() {
        return createdAt;
    }

    void markAttemptFailed(String error, Instant retryAt) {
        this.attempts++;
        this.lastError = truncate(error);
        this.leaseUntil = null;
        if (retryAt == null) {
            this.status = Status.FAILED;
        } else {
            this.nextAttemptAt = retryAt;
        }
    }

    private static String truncate(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }

    public Long id() {
        return id;
    }

    public String campaign() {
        return campaign;
    }

    public String customerId() {
        return customerId;
    }

    /** The experiment arm (or campaign-definition split) this email belongs to; "A" without either. */
    public String variant() {
        return variant;
    }

    public String eventId() {
        return eventId;
    }

    public String templateKey() {
        return templateKey;
    }

    public String recipient() {
        return recipient;
    }

    public String modelJson() {
        return modelJson;
    }

    public Status status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    /** How many times a dispatcher has leased this message (more than attempts + 1 only after a crash). */
    public int claims() {
        return claims;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public String lastError() {
        return lastError;
    }
}
