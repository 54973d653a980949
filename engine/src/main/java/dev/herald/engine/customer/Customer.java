package dev.herald.engine.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The one profile Herald keeps per customer. Created by the first event that names the customer and updated
 * by every later one; the order count and lifetime spend only grow, once per distinct order.
 */
@Entity
@Table(name = "customer")
public class Customer {

    @Id
    private String id;

    /** Null for an anonymous profile until an address is known. */
    @Column
    private String email;

    @Column
    private String name;

    @Column(name = "order_count", nullable = false)
    private long orderCount;

    @Column(name = "lifetime_spend", nullable = false, precision = 19, scale = 4)
    private BigDecimal lifetimeSpend;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** IANA zone id for quiet hours and "next 09:00" delays; null = the configured default zone. */
    @Column(name = "time_zone")
    private String timeZone;

    @Version
    private long version;

    protected Customer() {
        // for JPA
    }

    public Customer(String id, String email, String name, Instant now) {
        this.id = id;
        this.email = email;
        this.name = name;
        this.orderCount = 0;
        this.lifetimeSpend = BigDecimal.ZERO;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Takes the contact details of a newer event; an empty email or name never erases a known one. */
    public void updateContact(String newEmail, String newName, Instant now) {
        if (newEmail != null && !newEmail.isBlank()) {
            this.email = newEmail;
        }
        if (newName != null && !newName.isBlank()) {
            this.name = newName;
        }
        this.updatedAt = now;
    }

    /** Fills contact details only where none are known (enrichment never overwrites what the customer said). */
    public boolean fillMissingContact(String knownEmail, String knownName, Instant now) {
        boolean changed = false;
        if ((email == null || email.isBlank()) && knownEmail != null && !knownEmail.isBlank()) {
            this.email = knownEmail;
            changed = true;
        }
        if ((name == null || name.isBlank()) && knownName != null && !knownName.isBlank()) {
            this.name = knownName;
            changed = true;
        }
        if (changed) {
            this.updatedAt = now;
        }
        return changed;
    }

    /**
     * Takes over a merged-away profile's counters and, where this one has none, its contact details; the
     * profile is as old as the older of the two.
     */
    public void absorb(Customer mergedAway, Instant now) {
        this.orderCount += mergedAway.orderCount;
        this.lifetimeSpend = this.lifetimeSpend.add(mergedAway.lifetimeSpend);
        fillMissingContact(mergedAway.email, mergedAway.name, now);
        if (mergedAway.createdAt.isBefore(this.createdAt)) {
            this.createdAt = mergedAway.createdAt;
        }
        this.updatedAt = now;
    }

    public void recordOrder(BigDecimal total, Instant now) {
        this.orderCount++;
        this.lifetimeSpend = this.lifetimeSpend.add(total);
        this.updatedAt = now;
    }

    public String id() {
        return id;
    }

    /** The customer's IANA time zone id, or {@code null} when none is on record. */
    public String timeZone() {
        return timeZone;
    }

    public void setTimeZone(String zoneId, Instant now) {
        this.timeZone = zoneId;
        this.updatedAt = now;
    }

    public String email() {
        return email;
    }

    public String name() {
        return name;
    }

    public long orderCount() {
        return orderCount;
    }

    public BigDecimal lifetimeSpend() {
        return lifetimeSpend;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
