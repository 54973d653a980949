package dev.herald.engine.identity;

import dev.herald.engine.event.CustomerAliased;
import dev.herald.engine.event.CustomerEvent;
import jakarta.persistence.EntityManager;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity keys a batch of events will look up (their customer ids, anonymous ids, addresses, an alias's
 * previousId), read in one statement at the batch's start instead of a primary-key read per key and event
 * (ADR 0041). Keys the batch writes itself are noted here as they are written, so a later event of the batch sees
 * them, as it would have seen them in the database.
 *
 * <p>Used only while no merge has begun since the read ({@link IdentityService#mergesSoFar}, in any thread): a merge
 * repoints keys with bulk statements, so from then on every key is read from the database again, as before. Keys not
 * read at the start (another kind, an id reached only through an alias) are read from the database too. A key another
 * transaction adds meanwhile is not seen; writing it again fails on the primary key, and the batch is redone in parts
 * (ADR 0032). Another Herald node's merge is not seen either (ADR 0041, consequences).
 */
public final class IdentityKeys {

    /** A key as stored: kind (wire name) and normalised value. */
    private record Key(String kind, String keyValue) {
    }

    /** Reads every key from the database: a single event, or a batch without the prefetch. */
    public static final IdentityKeys NONE = new IdentityKeys(Map.of(), Set.of(), -1);

    /** Key (kind, normalised value) → owner; keys read and found absent are in {@link #read} but not here. */
    private final Map<Key, String> owners;
    private final Set<Key> read;
    private final long mergesAtRead;

    private IdentityKeys(Map<Key, String> owners, Set<Key> read, long mergesAtRead) {
        this.owners = owners;
        this.read = read;
        this.mergesAtRead = mergesAtRead;
    }

    /** Reads, in one statement, every key that resolving {@code events} looks up (see {@link IdentityService#resolve}). */
    static IdentityKeys read(EntityManager em, Collection<? extends CustomerEvent> events, long mergesSoFar) {
        Set<Key> wanted = new HashSet<>();
        for (CustomerEvent event : events) {
            addIdKeys(wanted, event.customerId());
            if (!event.anonymousId().isEmpty()) {
                addIdKeys(wanted, IdentityService.ANONYMOUS_PREFIX + event.anonymousId());
                add(wanted, IdentityKind.ANONYMOUS_ID, event.anonymousId());
            }
            if (event.email() != null && !event.email().isBlank()) {
                add(wanted, IdentityKind.EMAIL, event.email());
            }
            if (event instanceof CustomerAliased alias) {
                addIdKeys(wanted, alias.previousId());
                addIdKeys(wanted, IdentityService.ANONYMOUS_PREFIX + alias.previousId());
            }
        }
        Set<String> values = new HashSet<>();
        wanted.forEach(key -> values.add(key.keyValue()));
        Map<Key, String> owners = new HashMap<>();
        if (!values.isEmpty()) {
            // by value (index customer_identity_value, V17), the kinds sorted out here
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select kind, key_value, customer_id from customer_identity"
                    + " where key_value in (:values)").setParameter("values", values).getResultList();
            for (Object[] row : rows) {
                Key key = new Key(((String) row[0]).trim(), (String) row[1]);
                if (wanted.contains(key)) {
                    owners.put(key, (String) row[2]);
                }
            }
        }
        return new IdentityKeys(owners, wanted, mergesSoFar);
    }

    /** The keys {@link IdentityService#canonical} looks up for {@code customerId}. */
    private static void addIdKeys(Set<Key> keys, String customerId) {
        add(keys, IdentityKind.CUSTOMER_ID, customerId);
        if (IdentityService.isAnonymous(customerId)) {
            add(keys, IdentityKind.ANONYMOUS_ID, customerId.substring(IdentityService.ANONYMOUS_PREFIX.length()));
        }
    }

    private static void add(Set<Key> keys, IdentityKind kind, String value) {
        String normalised = kind.normalise(value);
        if (!normalised.isEmpty()) {
            keys.add(new Key(kind.wireName(), normalised));
        }
    }

    /**
     * Whether this read answers for key {@code (kind, normalised)} now: it was read, and no merge has begun since.
     */
    boolean answers(IdentityKind kind, String normalised, long mergesSoFar) {
        return mergesSoFar == mergesAtRead && read.contains(new Key(kind.wireName(), normalised));
    }

    /** The owner of a key this read {@link #answers} for, or null when the key is not on record. */
    String ownerOf(IdentityKind kind, String normalised) {
        return owners.get(new Key(kind.wireName(), normalised));
    }

    /** The batch wrote key {@code (kind, normalised)} for {@code customerId}: later events must see it. */
    void written(IdentityKind kind, String normalised, String customerId) {
        if (this != NONE) {
            Key key = new Key(kind.wireName(), normalised);
            read.add(key);
            owners.put(key, customerId);
        }
    }
}
