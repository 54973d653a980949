package dev.herald.engine.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One line of the audit log: who ({@code actor}: an event id, a CLI user, "crm"), did what ({@code action},
 * e.g. {@code merge}, {@code consent}), to which record ({@code entityKind}/{@code entityId}), when and why, with
 * the particulars as JSON. Generic on purpose, so consent changes and erasures can write here too.
 */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_log_seq")
    @SequenceGenerator(name = "audit_log_seq", sequenceName = "audit_log_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String action;

    @Column(name = "entity_kind", nullable = false)
    private String entityKind;

    @Column(name = "entity_id", nullable = false)
    private String entityId;

    @Column(nullable = false)
    private String reason;

    @Column(name = "detail_json", nullable = false)
    private String detailJson;

    protected AuditEntry() {
        // for JPA
    }

    public AuditEntry(Instant at, String actor, String action, String entityKind, String entityId, String reason,
                      String detailJson) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.entityKind = entityKind;
        this.entityId = entityId;
        this.reason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        this.detailJson = detailJson;
    }

    public String action() {
        return action;
    }

    public String entityId() {
        return entityId;
    }

    public String detailJson() {
        return detailJson;
    }
}
