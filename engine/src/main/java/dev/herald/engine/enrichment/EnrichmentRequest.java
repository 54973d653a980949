package dev.herald.engine.enrichment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A customer's enrichment from the CRM: pending until the CRM answered (done, or not found), retried with
 * backoff while it fails, given up after too many failures. Kept after completion so a customer is asked for
 * again only after the refresh interval.
 */
@Entity
@Table(name = "customer_enrichment")
public class EnrichmentRequest {

    /** Where a request stands. */
    public enum Status { PENDING, DONE, NOT_FOUND, FAILED }

    @Id
    @Column(name = "customer_id")
    private String customerId;

    @Column(nullable = false)
    private String status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "due_at", nullable = false)
    private Instant dueAt;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "last_error")
    private String lastError;

    protected EnrichmentRequest() {
        // for JPA
    }

    public EnrichmentRequest(String customerId, Instant now) {
        this.customerId = customerId;
        this.status = Status.PENDING.name();
        this.attempts = 0;
        this.dueAt = now;
        this.updatedAt = now;
    }

    public String customerId() {
        return customerId;
    }

    public Status status() {
        return Status.valueOf(status);
    }

    public int attempts() {
        return attempts;
    }

    public Instant dueAt() {
        return dueAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String lastError() {
        return lastError;
    }

    void lease(Instant until) {
        this.leaseUntil = until;
    }

    void renew(Instant now) {
        this.status = Status.PENDING.name();
        this.attempts = 0;
        this.dueAt = now;
        this.leaseUntil = null;
        this.lastError = null;
        this.updatedAt = now;
    }

    void complete(Status outcome, Instant now) {
        this.status = outcome.name();
        this.leaseUntil = null;
        this.lastError = null;
        this.updatedAt = now;
    }

    /** A failed try: due again at {@code retryAt}, or given up when that was the last allowed attempt. */
    void failed(String error, Instant retryAt, boolean giveUp, Instant now, boolean countsAsAttempt) {
        if (countsAsAttempt) {
            this.attempts++;
        }
        this.lastError = error.length() > 1000 ? error.substring(0, 1000) : error;
        this.leaseUntil = null;
        this.dueAt = retryAt;
        this.updatedAt = now;
        if (giveUp) {
            this.status = Status.FAILED.name();
        }
    }
}
