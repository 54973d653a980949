package dev.herald.engine.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Map;

/**
 * The audit trail of changes to consent and suppression and of erasures: who did what to which record, when.
 * Written in the caller's transaction, so a change and its audit row commit together. Details never hold an
 * address in clear (the address hash identifies it), so erasure need not rewrite the trail.
 */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLog() {
    }

    public static void record(EntityManager em, String entityKind, String entityId, String action, String actor,
                              Map<String, ?> detail, Instant at) {
        String json;
        try {
            json = JSON.writeValueAsString(detail == null ? Map.of() : detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable: " + e.getMessage(), e);
        }
        em.createNativeQuery("insert into audit_log (entity_kind, entity_id, action, actor, detail_json, at)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, entityKind).setParameter(2, entityId).setParameter(3, action)
                .setParameter(4, actor == null || actor.isBlank() ? "unknown" : actor).setParameter(5, json)
                .setParameter(6, at).executeUpdate();
    }
}
