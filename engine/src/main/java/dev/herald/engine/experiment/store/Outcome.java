package dev.herald.engine.experiment.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** Something a recipient did that is attributed to their exposure: an open, a click, or an order (conversion). */
@Entity
@Table(name = "experiment_outcome")
public class Outcome {

    /** What happened. Opens and clicks need an email, so holdout exposures only ever get conversions. */
    public enum Kind { OPEN, CLICK, CONVERSION }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "experiment_outcome_seq")
    @SequenceGenerator(name = "experiment_outcome_seq", sequenceName = "experiment_outcome_seq", allocationSize = 50)
    private Long id;

    @Column(name = "exposure_id", nullable = false)
    private Long exposureId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(name = "source_id", nullable = false)
    private String sourceId;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(precision = 19, scale = 4)
    private BigDecimal revenue;

    protected Outcome() {
        // for JPA
    }

    Outcome(Long exposureId, Kind kind, String sourceId, Instant occurredAt, BigDecimal revenue) {
        this.exposureId = exposureId;
        this.kind = kind;
        this.sourceId = sourceId;
        this.occurredAt = occurredAt;
        this.revenue = revenue;
    }

    public Kind kind() {
        return kind;
    }

    public BigDecimal revenue() {
        return revenue;
    }
}
