package dev.herald.engine.identity;

import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Writes customer attributes with their source and time (identify traits, CRM fields). Consent is not an
 * attribute: it lives in {@code consent_record} ({@code ConsentService}, ADR 0034); V15 moved the old
 * {@code consent_CHANNEL} attributes there.
 */
public final class CustomerAttributes {

    /** Attribute name prefix that consent had before V15; such attributes are no longer written or read. */
    public static final String CONSENT_PREFIX = "consent_";

    private static final Set<String> GRANTED = Set.of("true", "yes", "y", "granted", "1", "1.0000");

    private CustomerAttributes() {
    }

    /** A stored value, with where and when it came from (both null for rows written before V6). */
    public record Stored(String text, BigDecimal number, String source, Instant updatedAt) {

        public boolean grants() {
            return isGranted(text, number);
        }
    }

    public static boolean isGranted(String text, BigDecimal number) {
        String value = text != null ? text : number != null ? number.toPlainString() : "";
        return GRANTED.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    public static Optional<Stored> read(EntityManager em, String customerId, String name) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select text_value, number_value, source, updated_at"
                        + " from customer_attribute where customer_id = :c and name = :n")
                .setParameter("c", customerId).setParameter("n", name).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new Stored((String) r[0], (BigDecimal) r[1], (String) r[2], instant(r[3])));
    }

    /** Sets one attribute (text, or number when {@code text} is null), inserting it when absent. */
    public static void put(EntityManager em, String customerId, String name, String text, BigDecimal number,
                           String source, Instant at) {
        // nulls are written as SQL literals: an untyped null parameter is not portable across drivers
        boolean isText = text != null;
        Object value = isText ? text : number;
        String textSql = isText ? ":value" : "null";
        String numberSql = isText ? "null" : ":value";
        int updated = em.createNativeQuery("update customer_attribute set text_value = " + textSql
                        + ", number_value = " + numberSql + ", source = :source, updated_at = :at"
                        + " where customer_id = :customer and name = :name")
                .setParameter("value", value).setParameter("source", source)
                .setParameter("at", at.atOffset(ZoneOffset.UTC)).setParameter("customer", customerId)
                .setParameter("name", name)
                .executeUpdate();
        if (updated == 0) {
            // a concurrent insert of the same attribute fails on the primary key and the event is redone
            em.createNativeQuery("insert into customer_attribute (customer_id, name, text_value, number_value,"
                            + " source, updated_at) values (:customer, :name, " + textSql + ", " + numberSql
                            + ", :source, :at)")
                    .setParameter("customer", customerId).setParameter("name", name).setParameter("value", value)
                    .setParameter("source", source).setParameter("at", at.atOffset(ZoneOffset.UTC))
                    .executeUpdate();
        }
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
    }
}
