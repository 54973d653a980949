package dev.herald.engine.experiment.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/** One evaluation of the auto-winner rule, kept whether or not it picked a winner, so every decision can be audited. */
@Entity
@Table(name = "experiment_decision")
public class WinnerDecision {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "experiment_decision_seq")
    @SequenceGenerator(name = "experiment_decision_seq", sequenceName = "experiment_decision_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false)
    private String campaign;

    @Column(name = "decided_at", nullable = false)
    private Instant decidedAt;

    private String winner;

    @Column(nullable = false, length = 2000)
    private String reason;

    protected WinnerDecision() {
        // for JPA
    }

    WinnerDecision(String campaign, Instant decidedAt, String winner, String reason) {
        this.campaign = campaign;
        this.decidedAt = decidedAt;
        this.winner = winner;
        this.reason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    }

    public String campaign() {
        return campaign;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public String winner() {
        return winner;
    }

    public String reason() {
        return reason;
    }
}
