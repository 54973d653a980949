package dev.herald.engine.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.audit.AuditEntry;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Map;

/**
 * The audit trail of changes to consent and suppression and of erasures: who did what to which record, when.
 * Rows go to the one {@code audit_log} (ADR 0017's {@link AuditEntry}), beside identity merges.
 * Written in the caller's transaction, so a change and its audit row commit together. Details never hold an
 * address in clear (the address hash identifies it), so erasure need not rewrite the trail.
 */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLog() {
    }

    /** As below, in a transaction of its own: for a change that committed on its own (a console publish, a file). */
    public static void record(dev.herald.engine.persistence.Transactions transactions, String entityKind,
                              String entityId, String action, String actor, Map<String, ?> detail, Instant at) {
        transactions.inTransaction(em -> {
            record(em, entityKind, entityId, action, actor, detail, at);
            return null;
        });
    }

    public static void record(EntityManager em, String entityKind, String entityId, String action, String actor,
                              Map<String, ?> detail, Instant at) {
        String json;
        try {
            json = JSON.writeValueAsString(detail == null ? Map.of() : detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable: " + e.getMessage(), e);
        }
        String who = actor == null || actor.isBlank() ? "unknown" : actor;
        em.persist(new AuditEntry(at, who.length() > 100 ? who.substring(0, 100) : who, action, entityKind, entityId,
                entityKind + " " + action, json));
    }
}
