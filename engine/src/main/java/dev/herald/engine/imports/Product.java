package dev.herald.engine.imports;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A catalogue entry, created the first time an imported order line names its code. Non-product codes
 * (postage, manual adjustments, bank charges) are kept as {@link Kind#SERVICE} so that product statistics
 * can leave them out while the money the customer paid stays whole.
 */
@Entity
@Table(name = "product")
public class Product {

    /** What a code stands for. */
    public enum Kind { PRODUCT, SERVICE }

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(name = "first_seen_at", nullable = false)
    private Instant firstSeenAt;

    protected Product() {
        // for JPA
    }

    public Product(String id, String name, Kind kind, Instant firstSeenAt) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.firstSeenAt = firstSeenAt;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public Instant firstSeenAt() {
        return firstSeenAt;
    }
}
