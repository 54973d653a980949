package dev.herald.engine.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A key that leads to a customer profile: (kind, value) → customer id. See {@link IdentityKind}. */
@Entity
@Table(name = "customer_identity")
@IdClass(CustomerIdentity.Key.class)
public class CustomerIdentity {

    @Id
    @Column(name = "kind")
    private String kind;

    @Id
    @Column(name = "key_value")
    private String keyValue;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected CustomerIdentity() {
        // for JPA
    }

    public CustomerIdentity(IdentityKind kind, String keyValue, String customerId, Instant createdAt) {
        this.kind = kind.wireName();
        this.keyValue = keyValue;
        this.customerId = customerId;
        this.createdAt = createdAt;
    }

    public String customerId() {
        return customerId;
    }

    /** Points the key at another profile (the survivor of a merge). */
    void pointTo(String survivorId) {
        this.customerId = survivorId;
    }

    /** Composite key (kind, value). */
    public static class Key implements Serializable {
        private String kind;
        private String keyValue;

        public Key() {
        }

        public Key(String kind, String keyValue) {
            this.kind = kind;
            this.keyValue = keyValue;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(kind, k.kind) && Objects.equals(keyValue, k.keyValue);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, keyValue);
        }
    }
}
