package dev.herald.engine.experiment.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A campaign's experiment: its design (as JSON), control, attribution window and, once decided, its winner. */
@Entity
@Table(name = "experiment")
public class ExperimentRecord {

    @Id
    private String campaign;

    @Column(nullable = false)
    private String salt;

    @Column(name = "design_json", nullable = false, columnDefinition = "TEXT")
    private String designJson;

    @Column(name = "control_variant", nullable = false)
    private String controlVariant;

    @Column(name = "attribution_window_hours", nullable = false)
    private int attributionWindowHours;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    private String winner;

    @Column(name = "winner_decided_at")
    private Instant winnerDecidedAt;

    @Column(name = "auto_winner", nullable = false)
    private boolean autoWinner;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(name = "auto_winner_metric", nullable = false)
    private Outcome.Kind autoWinnerMetric = Outcome.Kind.CONVERSION;

    @Column(name = "auto_winner_min_users", nullable = false)
    private long autoWinnerMinUsers = AutoWinnerSetting.OFF.minUsersPerArm();

    protected ExperimentRecord() {
        // for JPA
    }

    ExperimentRecord(String campaign, String salt, String designJson, String controlVariant,
            int attributionWindowHours, Instant createdAt) {
        this.campaign = campaign;
        this.salt = salt;
        this.designJson = designJson;
        this.controlVariant = controlVariant;
        this.attributionWindowHours = attributionWindowHours;
        this.createdAt = createdAt;
    }

    public String campaign() {
        return campaign;
    }

    public String designJson() {
        return designJson;
    }

    public String controlVariant() {
        return controlVariant;
    }

    public int attributionWindowHours() {
        return attributionWindowHours;
    }

    public String winner() {
        return winner;
    }

    public Instant winnerDecidedAt() {
        return winnerDecidedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public AutoWinnerSetting autoWinner() {
        return new AutoWinnerSetting(autoWinner, autoWinnerMetric, autoWinnerMinUsers);
    }

    void autoWinner(AutoWinnerSetting setting) {
        this.autoWinner = setting.enabled();
        this.autoWinnerMetric = setting.metric();
        this.autoWinnerMinUsers = setting.minUsersPerArm();
    }

    void decideWinner(String variant, Instant at) {
        this.winner = variant;
        this.winnerDecidedAt = at;
    }
}
