package dev.herald.engine.privacy;

import dev.herald.engine.consent.AuditLog;
import dev.herald.engine.consent.EmailAddresses;
import dev.herald.engine.consent.Rows;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.TupleElement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Clob;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The data-subject rights: export everything Herald holds about a customer, and erase it.
 *
 * <p>Erasure pseudonymises rather than deletes what aggregates need (ADR 0020): the customer's rows move to a
 * fresh id {@code erased-<uuid>} that nothing links back to; the profile keeps its order count and spend but
 * its email and name are replaced; orders and lines stay (revenue, RFM and experiment results keep adding up);
 * outbox rows keep campaign, status and times with the recipient replaced and the model emptied; event ids
 * (which producers may build from the customer id) become their hash; attributes
 * and consent records are deleted; a suppression entry keeps only the address hash, so someone who
 * unsubscribed or bounced is never mailed again. The audit log records the erasure under the pseudonym with
 * a SHA-256 of the original id, which answers "was this customer erased?" without naming them.
 *
 * <p>Every table holding customer data is listed here; a new one must be added (the privacy integration test
 * scans every table of the schema for the erased email and name, so a forgotten one fails it).
 */
public final class PrivacyService {

    private final Transactions transactions;
    private final Clock clock;

    public PrivacyService(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Thrown for an unknown customer id. */
    public static final class UnknownCustomerException extends RuntimeException {
        public UnknownCustomerException(String customerId) {
            super("no customer with id '" + customerId + "'");
        }
    }

    /** Everything held about the customer, by section, as plain maps and lists ready for JSON. */
    public Map<String, Object> export(String customerId) {
        return transactions.inTransaction(em -> {
            List<Map<String, Object>> profile = rows(em, "select * from customer where id = ?1", customerId);
            if (profile.isEmpty()) {
                throw new UnknownCustomerException(customerId);
            }
            String email = (String) profile.get(0).get("email");
            String hash = addressHash(email);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("customerId", customerId);
            out.put("exportedAt", clock.instant().toString());
            out.put("profile", profile.get(0));
            out.put("attributes", rows(em, "select name, text_value, number_value from customer_attribute"
                    + " where customer_id = ?1 order by name", customerId));
            List<Map<String, Object>> orders = rows(em, "select * from customer_order where customer_id = ?1"
                    + " order by ordered_at", customerId);
            for (Map<String, Object> order : orders) {
                order.put("lines", rows(em, "select line_no, product_id, product_name, quantity, unit_price"
                        + " from order_line where order_id = ?1 order by line_no", order.get("id")));
            }
            out.put("orders", orders);
            out.put("consent", rows(em, "select channel, status, source, updated_at, confirmed_at"
                    + " from consent_record where customer_id = ?1", customerId));
            out.put("topicOptOuts", rows(em, "select topic, opted_out_at, source from topic_optout"
                    + " where customer_id = ?1", customerId));
            out.put("suppression", hash == null ? List.of() : rows(em, "select address, reason, source, detail,"
                    + " suppressed_at from suppression where address_hash = ?1", hash));
            out.put("bounces", hash == null ? List.of() : rows(em, "select kind, status_code, source, diagnostic,"
                    + " received_at from bounce_event where address_hash = ?1 order by received_at", hash));
            out.put("emails", rows(em, "select id, campaign, step, variant, template_key, recipient, model_json,"
                    + " status, attempts, created_at, sent_at, last_error from outbox_message where customer_id = ?1"
                    + " order by id", customerId));
            out.put("engagement", rows(em, "select outbox_id, campaign, variant, kind, url, order_id, revenue, occurred_at"
                    + " from engagement_event where customer_id = ?1 order by id", customerId));
            out.put("experimentExposures", rows(em, "select campaign, variant, holdout, exposed_at"
                    + " from experiment_exposure where customer_id = ?1 order by campaign", customerId));
            out.put("experimentOutcomes", rows(em, "select e.campaign, o.kind, o.source_id, o.occurred_at, o.revenue"
                    + " from experiment_outcome o join experiment_exposure e on e.id = o.exposure_id"
                    + " where e.customer_id = ?1 order by o.occurred_at", customerId));
            out.put("segments", rows(em, "select scheme, segment, since from segment_membership"
                    + " where customer_id = ?1", customerId));
            out.put("rfm", rows(em, "select * from customer_rfm where customer_id = ?1", customerId));
            out.put("segmentChanges", rows(em, "select scheme, from_segment, to_segment, changed_at"
                    + " from segment_change where customer_id = ?1 order by id", customerId));
            out.put("processedEvents", rows(em, "select event_id, event_type, processed_at from processed_event"
                    + " where customer_id = ?1 order by processed_at", customerId));
            out.put("identities", rows(em, "select kind, key_value, created_at from customer_identity"
                    + " where customer_id = ?1 order by kind, key_value", customerId));
            out.put("activity", rows(em, "select kind, event_id, occurred_at, detail_json from customer_activity"
                    + " where customer_id = ?1 order by occurred_at", customerId));
            out.put("journeys", rows(em, "select campaign, entry_number, current_step, status, wake_at"
                    + " from journey_instance where customer_id = ?1 order by id", customerId));
            out.put("auditLog", rows(em, "select entity_kind, action, actor, detail_json, at from audit_log"
                    + " where entity_id = ?1 or entity_id = ?2 order by id", customerId, hash == null ? "" : hash));
            return out;
        });
    }

    /** What an erasure did. */
    public record Erasure(String customerId, String pseudonym, Map<String, Integer> rowsChanged) {
    }

    /** Erases the customer's personal data as described above, in one transaction. */
    public Erasure erase(String customerId, String actor) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object> emails = em.createNativeQuery("select email from customer where id = ?1")
                    .setParameter(1, customerId).getResultList();
            if (emails.isEmpty()) {
                throw new UnknownCustomerException(customerId);
            }
            Instant now = clock.instant();
            String hash = addressHash((String) emails.get(0));
            String pseudonym = "erased-" + UUID.randomUUID();
            String anonymousEmail = pseudonym + "@erased.invalid";
            Map<String, Integer> changed = new LinkedHashMap<>();
            changed.put("customer", update(em, "insert into customer (id, email, name, order_count, lifetime_spend,"
                    + " created_at, updated_at, version) select ?1, ?2, 'erased', order_count, lifetime_spend,"
                    + " created_at, ?3, version from customer where id = ?4", pseudonym, anonymousEmail, now, customerId));
            changed.put("customer_attribute", update(em, "delete from customer_attribute where customer_id = ?1",
                    customerId));
            changed.put("consent_record", update(em, "delete from consent_record where customer_id = ?1", customerId));
            changed.put("topic_optout", update(em, "delete from topic_optout where customer_id = ?1", customerId));
            // identity keys (email, anonymous ids, CRM id) and pending CRM lookups are personal and serve no count
            changed.put("customer_identity", update(em, "delete from customer_identity where customer_id = ?1",
                    customerId));
            changed.put("customer_enrichment", update(em, "delete from customer_enrichment where customer_id = ?1",
                    customerId));
            // the activity timeline keeps its counts (kind, time) but not what was viewed; journeys stop
            changed.put("customer_activity", update(em, "update customer_activity set customer_id = ?1,"
                    + " detail_json = '{}' where customer_id = ?2", pseudonym, customerId));
            changed.put("journey_instance", update(em, "update journey_instance set customer_id = ?1,"
                    + " model_json = '{}', status = case when status = 'ACTIVE' then 'EXITED' else status end"
                    + " where customer_id = ?2", pseudonym, customerId));
            for (String table : List.of("customer_order", "customer_rfm", "segment_membership", "segment_change",
                    "processed_event", "experiment_exposure", "engagement_event")) {
                changed.put(table, update(em, "update " + table + " set customer_id = ?1 where customer_id = ?2",
                        pseudonym, customerId));
            }
            // producers' event ids may embed the customer's id: replaced by their hash (a replay of such an old
            // event would then be processed again, creating a new, unrelated profile)
            for (String table : List.of("processed_event", "customer_order", "customer_activity")) {
                @SuppressWarnings("unchecked")
                List<Object> eventIds = em.createNativeQuery("select event_id from " + table + " where customer_id = ?1")
                        .setParameter(1, pseudonym).getResultList();
                for (Object eventId : eventIds) {
                    update(em, "update " + table + " set event_id = ?1 where event_id = ?2 and customer_id = ?3",
                            "erased-" + sha256(eventId.toString()), eventId, pseudonym);
                }
            }
            changed.put("outbox_message", update(em, "update outbox_message set customer_id = ?1, recipient = ?2,"
                    + " model_json = '{}', event_id = ?1 where customer_id = ?3", pseudonym, anonymousEmail, customerId));
            changed.put("audit_log", update(em, "update audit_log set entity_id = ?1 where entity_id = ?2",
                    pseudonym, customerId));
            // merge entries name both ids (and keys) in their details: those details go, the entries stay
            changed.put("audit_log_details", update(em, "update audit_log set detail_json = '{}', reason = 'erased'"
                    + " where detail_json like ?1 or reason like ?1 or detail_json like ?2", "%" + customerId + "%",
                    emails.get(0) == null ? "%" + customerId + "%" : "%" + emails.get(0) + "%"));
            if (hash != null) {
                changed.put("suppression", update(em, "update suppression set address = NULL, detail = ''"
                        + " where address_hash = ?1", hash));
            }
            update(em, "delete from customer where id = ?1", customerId);
            AuditLog.record(em, "customer", pseudonym, "erase", actor,
                    Map.of("originalIdSha256", sha256(customerId), "rows", changed), now);
            return new Erasure(customerId, pseudonym, changed);
        });
    }

    /** Whether a customer id was erased, from the audit trail's hash. */
    public Optional<String> erasedAs(String customerId) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select entity_id, detail_json from audit_log"
                    + " where entity_kind = 'customer' and action = 'erase'").getResultList();
            String needle = "\"originalIdSha256\":\"" + sha256(customerId) + "\"";
            return rows.stream().filter(r -> text(r[1]).contains(needle)).map(r -> (String) r[0]).findFirst();
        });
    }

    private static String addressHash(String email) {
        try {
            return EmailAddresses.hash(email);
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    private static int update(EntityManager em, String sql, Object... args) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < args.length; i++) {
            q.setParameter(i + 1, args[i]);
        }
        return q.executeUpdate();
    }

    private static List<Map<String, Object>> rows(EntityManager em, String sql, Object... args) {
        var q = em.createNativeQuery(sql, Tuple.class);
        for (int i = 0; i < args.length; i++) {
            q.setParameter(i + 1, args[i]);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : q.getResultList()) {
            Tuple t = (Tuple) o;
            Map<String, Object> row = new LinkedHashMap<>();
            for (TupleElement<?> e : t.getElements()) {
                row.put(e.getAlias().toLowerCase(Locale.ROOT), plain(t.get(e)));
            }
            out.add(row);
        }
        return out;
    }

    private static Object plain(Object v) {
        if (v instanceof Instant || v instanceof OffsetDateTime || v instanceof ZonedDateTime
                || v instanceof java.sql.Timestamp) {
            return Rows.instant(v).toString();
        }
        if (v instanceof Clob || v instanceof Character) {
            return text(v);
        }
        return v;
    }

    private static String text(Object v) {
        return dev.herald.engine.consent.Rows.longText(v);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
