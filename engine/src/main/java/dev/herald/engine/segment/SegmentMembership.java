package dev.herald.engine.segment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * "Customer C is in segment S of scheme X since t": the stored fact rules read. One row per customer and
 * scheme; {@code since} moves only when the segment changes, so "in At risk for 30 days" can be asked.
 */
@Entity
@Table(name = "segment_membership")
@IdClass(SegmentMembership.Key.class)
public class SegmentMembership {

    @Id
    @Column(name = "customer_id")
    private String customerId;

    @Id
    @Column(name = "scheme")
    private String scheme;

    @Column(nullable = false)
    private String segment;

    @Column(nullable = false)
    private Instant since;

    protected SegmentMembership() {
        // for JPA
    }

    public SegmentMembership(String customerId, String scheme, String segment, Instant since) {
        this.customerId = customerId;
        this.scheme = scheme;
        this.segment = segment;
        this.since = since;
    }

    void moveTo(String newSegment, Instant at) {
        this.segment = newSegment;
        this.since = at;
    }

    public String customerId() {
        return customerId;
    }

    public String scheme() {
        return scheme;
    }

    public String segment() {
        return segment;
    }

    public Instant since() {
        return since;
    }

    /** Composite key (customer, scheme). */
    public static class Key implements Serializable {
        private String customerId;
        private String scheme;

        public Key() {
        }

        public Key(String customerId, String scheme) {
            this.customerId = customerId;
            this.scheme = scheme;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(customerId, k.customerId) && Objects.equals(scheme, k.scheme);
        }

        @Override
        public int hashCode() {
            return Objects.hash(customerId, scheme);
        }
    }
}
