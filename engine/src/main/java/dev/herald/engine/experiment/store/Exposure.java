package dev.herald.engine.experiment.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/** A customer's assignment in a campaign's experiment: sent a variant, or held out. Unique per campaign and customer. */
@Entity
@Table(name = "experiment_exposure")
public class Exposure {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "experiment_exposure_seq")
    @SequenceGenerator(name = "experiment_exposure_seq", sequenceName = "experiment_exposure_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false)
    private String campaign;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(nullable = false)
    private String variant;

    @Column(nullable = false)
    private boolean holdout;

    @Column(name = "exposed_at", nullable = false)
    private Instant exposedAt;

    protected Exposure() {
        // for JPA
    }

    Exposure(String campaign, String customerId, String variant, boolean holdout, Instant exposedAt) {
        this.campaign = campaign;
        this.customerId = customerId;
        this.variant = variant;
        this.holdout = holdout;
        this.exposedAt = exposedAt;
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

    public String variant() {
        return variant;
    }

    public boolean holdout() {
        return holdout;
    }

    public Instant exposedAt() {
        return exposedAt;
    }
}
