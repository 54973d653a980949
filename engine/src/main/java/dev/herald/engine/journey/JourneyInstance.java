package dev.herald.engine.journey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * One customer's run through a journey, and its durable timer: {@code wakeAt} is when the sweep must look at
 * it again, {@code waitingFor} the event that moves it on earlier. The version makes a sweep and an event that
 * touch the same run at once conflict (one is redone) instead of both advancing it.
 */
@Entity
@Table(name = "journey_instance")
public class JourneyInstance {

    /** ACTIVE until it ran to its end (COMPLETED), met an exit event or a holdout (EXITED), or broke (FAILED). */
    public enum Status { ACTIVE, COMPLETED, EXITED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "journey_seq")
    @SequenceGenerator(name = "journey_seq", sequenceName = "journey_instance_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false)
    private String campaign;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(name = "entry_number", nullable = false)
    private int entryNumber;

    @Column(name = "current_step", nullable = false)
    private String currentStep;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(name = "wake_at")
    private Instant wakeAt;

    @Column(name = "waiting_for")
    private String waitingFor;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "trigger_event_id", nullable = false)
    private String triggerEventId;

    @Column(name = "trigger_at", nullable = false)
    private Instant triggerAt;

    @Column(name = "model_json", nullable = false, columnDefinition = "TEXT")
    private String modelJson;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "end_reason", length = 500)
    private String endReason;

    @Version
    private long version;

    protected JourneyInstance() {
        // for JPA
    }

    JourneyInstance(String campaign, String customerId, int entryNumber, String firstStep, String triggerEventId,
                    Instant triggerAt, String modelJson, Instant now) {
        this.campaign = campaign;
        this.customerId = customerId;
        this.entryNumber = entryNumber;
        this.currentStep = firstStep;
        this.status = Status.ACTIVE;
        this.triggerEventId = triggerEventId;
        this.triggerAt = triggerAt;
        this.modelJson = modelJson;
        this.startedAt = now;
        this.updatedAt = now;
    }

    void moveTo(String step, Instant now) {
        this.currentStep = step;
        this.wakeAt = null;
        this.waitingFor = null;
        this.updatedAt = now;
    }

    void sleepUntil(Instant wake, String event, Instant now) {
        this.wakeAt = wake;
        this.waitingFor = event;
        this.updatedAt = now;
    }

    void end(Status end, String reason, Instant now) {
        this.status = end;
        this.endReason = reason == null ? null : reason.length() <= 500 ? reason : reason.substring(0, 497) + "...";
        this.wakeAt = null;
        this.waitingFor = null;
        this.leaseUntil = null;
        this.endedAt = now;
        this.updatedAt = now;
    }

    void lease(Instant until) {
        this.leaseUntil = until;
    }

    void releaseLease() {
        this.leaseUntil = null;
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

    public int entryNumber() {
        return entryNumber;
    }

    public String currentStep() {
        return currentStep;
    }

    public Status status() {
        return status;
    }

    public Instant wakeAt() {
        return wakeAt;
    }

    public String waitingFor() {
        return waitingFor;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }

    public String triggerEventId() {
        return triggerEventId;
    }

    public Instant triggerAt() {
        return triggerAt;
    }

    public String modelJson() {
        return modelJson;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public String endReason() {
        return endReason;
    }

    /** The outbox step of this run's step {@code stepId}: the id itself on the first entry, {@code id#N} after. */
    String outboxStep(String stepId) {
        return entryNumber == 1 ? stepId : stepId + "#" + entryNumber;
    }
}
