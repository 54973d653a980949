package dev.herald.engine.consent;

import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses Herald must not email, keyed on the normalised address's hash. Checked at decision time
 * (through the consent the rules see) and again at send time ({@link SuppressionGate}), because between the
 * two a customer may unsubscribe or bounce. Every change is written to the {@link AuditLog}.
 */
public final class SuppressionList {

    private static final Logger LOG = LoggerFactory.getLogger(SuppressionList.class);

    private final Transactions transactions;
    private final Clock clock;

    public SuppressionList(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Adds (or keeps) the address; returns {@code false} when it was already suppressed. */
    public boolean add(String address, SuppressionReason reason, String source, String detail, String actor) {
        return transactions.inTransaction(em -> add(em, address, reason, source, detail, actor, clock.instant()));
    }

    /**
     * {@link #add} in the caller's transaction. An existing entry is kept as it is (its first reason and time
     * stay on record), except that a bounce or complaint upgrades an unsubscribe or manual entry, since it
     * also stops transactional email.
     */
    public static boolean add(EntityManager em, String address, SuppressionReason reason, String source,
                              String detail, String actor, Instant now) {
        String normalised = EmailAddresses.normalise(address);
        String hash = EmailAddresses.hash(normalised);
        Optional<Suppression> existing = find(em, hash);
        if (existing.isPresent()) {
            if (reason.blocksTransactional() && !existing.get().reason().blocksTransactional()) {
                em.createNativeQuery("update suppression set reason = ?1, source = ?2, detail = ?3,"
                                + " suppressed_at = ?4 where address_hash = ?5")
                        .setParameter(1, reason.name()).setParameter(2, source).setParameter(3, truncate(detail))
                        .setParameter(4, now).setParameter(5, hash).executeUpdate();
                AuditLog.record(em, "suppression", hash, "upgrade", actor,
                        Map.of("from", existing.get().reason().name(), "to", reason.name(), "source", source), now);
                return true;
            }
            return false;
        }
        em.createNativeQuery("insert into suppression (address_hash, address, reason, source, detail, suppressed_at)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, hash).setParameter(2, normalised).setParameter(3, reason.name())
                .setParameter(4, source).setParameter(5, truncate(detail)).setParameter(6, now).executeUpdate();
        AuditLog.record(em, "suppression", hash, "add", actor, Map.of("reason", reason.name(), "source", source), now);
        LOG.info("address {} suppressed: {} ({})", hash.substring(0, 12), reason, source);
        return true;
    }

    /** Removes a manual or unsubscribe entry (e.g. the customer opted in again); returns whether one existed. */
    public boolean remove(String address, String actor) {
        return transactions.inTransaction(em -> {
            String hash = EmailAddresses.hash(address);
            int removed = em.createNativeQuery("delete from suppression where address_hash = ?1")
                    .setParameter(1, hash).executeUpdate();
            if (removed > 0) {
                AuditLog.record(em, "suppression", hash, "remove", actor, Map.of(), clock.instant());
            }
            return removed > 0;
        });
    }

    public Optional<Suppression> find(String address) {
        return transactions.inTransaction(em -> find(em, EmailAddresses.hash(address)));
    }

    /**
     * The hash entries are kept under, or null for an address that cannot be used (imported customers may have
     * none yet: nothing to look up).
     */
    public static String hashOrNull(String address) {
        if (address == null) {
            return null;
        }
        try {
            return EmailAddresses.hash(address);
        } catch (IllegalArgumentException noUsableAddress) {
            return null;
        }
    }

    /** Which of these address hashes are suppressed, in one query (ADR 0038). */
    public static java.util.Set<String> suppressedAmong(EntityManager em, java.util.Collection<String> addressHashes) {
        if (addressHashes.isEmpty()) {
            return java.util.Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("select address_hash from suppression where address_hash in (:hashes)")
                .setParameter("hashes", addressHashes).getResultList();
        java.util.Set<String> suppressed = new java.util.HashSet<>();
        rows.forEach(row -> suppressed.add(Rows.text(row)));
        return suppressed;
    }

    /** The entry for an address hash, read in the caller's transaction. */
    public static Optional<Suppression> find(EntityManager em, String addressHash) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select address_hash, address, reason, source, detail, suppressed_at"
                + " from suppression where address_hash = ?1").setParameter(1, addressHash).getResultList();
        return rows.stream().findFirst().map(SuppressionList::toSuppression);
    }

    /** Every entry, newest first. */
    public List<Suppression> list() {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select address_hash, address, reason, source, detail,"
                    + " suppressed_at from suppression order by suppressed_at desc, address_hash").getResultList();
            List<Suppression> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(toSuppression(r)));
            return out;
        });
    }

    private static Suppression toSuppression(Object[] r) {
        return new Suppression(Rows.text(r[0]), (String) r[1], SuppressionReason.valueOf(Rows.text(r[2])),
                (String) r[3], (String) r[4], Rows.instant(r[5]));
    }

    /** Never null (PostgreSQL cannot type an untyped null parameter); at most the column's 1000 characters. */
    static String truncate(String s) {
        return s == null ? "" : s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
