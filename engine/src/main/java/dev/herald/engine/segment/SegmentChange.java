package dev.herald.engine.segment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A segment-changed event: customer C left segment A (null when new) for segment B of a scheme at t. Written
 * in the same transaction as the membership change, like the outbox, so a campaign that triggers on it
 * (entered "At risk" → win-back) never misses one and never sees one that was rolled back.
 */
@Entity
@Table(name = "segment_change")
public class SegmentChange {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "segment_change_seq")
    @SequenceGenerator(name = "segment_change_seq", sequenceName = "segment_change_seq", allocationSize = 50)
    private Long id;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(nullable = false)
    private String scheme;

    @Column(name = "from_segment")
    private String fromSegment;

    @Column(name = "to_segment", nullable = false)
    private String toSegment;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected SegmentChange() {
        // for JPA
    }

    public SegmentChange(String customerId, String scheme, String fromSegment, String toSegment, Instant changedAt) {
        this.customerId = customerId;
        this.scheme = scheme;
        this.fromSegment = fromSegment;
        this.toSegment = toSegment;
        this.changedAt = changedAt;
    }

    public Long id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public String scheme() {
        return scheme;
    }

    /** The segment left, or null when the customer had none in this scheme. */
    public String fromSegment() {
        return fromSegment;
    }

    public String toSegment() {
        return toSegment;
    }

    public Instant changedAt() {
        return changedAt;
    }
}
