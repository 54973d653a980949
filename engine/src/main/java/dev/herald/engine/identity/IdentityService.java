package dev.herald.engine.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.audit.AuditEntry;
import dev.herald.engine.consent.ConsentService;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.event.CustomerAliased;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.segment.OrderSegmentRefresh;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which profile an event belongs to, and merges profiles that turn out to be one person (ADR 0017).
 *
 * <p>Keys live in {@code customer_identity}: (kind, value) → customer id. An event's customer id is first
 * followed through that table (an alias's previousId and a merged-away id point at the survivor), then what
 * the event says is linked: its anonymous id, an alias's previousId, its email. Linking a key already held by
 * an anonymous profile merges that profile into the known customer; two known customers sharing an email are
 * not merged automatically (a shared family inbox is common), only by an explicit alias.
 *
 * <p>Everything runs inside the event's transaction, so a merge commits or rolls back with the event and its
 * idempotency record: a redelivered event is a no-op, and a lost race with another event of either profile
 * (version check on both customer rows, unique keys) redoes the whole event on fresh state.
 */
public final class IdentityService {

    /** Customer id prefix of a profile known only by its Segment anonymous id. */
    public static final String ANONYMOUS_PREFIX = "anon:";

    private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);

    private final OrderSegmentRefresh segmentRefresh;
    private final ObjectMapper json = new ObjectMapper();
    /** Merges begun by this service, in any transaction: lets a batch notice that profiles it read changed. */
    private final java.util.concurrent.atomic.AtomicLong merges = new java.util.concurrent.atomic.AtomicLong();

    public IdentityService(OrderSegmentRefresh segmentRefresh) {
        this.segmentRefresh = segmentRefresh;
    }

    public static boolean isAnonymous(String customerId) {
        return customerId.startsWith(ANONYMOUS_PREFIX);
    }

    /**
     * How many merges this service has begun so far (in any thread, rolled back or not). A change between two
     * reads means some profile may have moved; false alarms only cost a re-read (ADR 0038).
     */
    public long mergesSoFar() {
        return merges.get();
    }

    /** The profile {@code customerId} stands for now: itself, or the customer it was aliased or merged into. */
    public String canonical(EntityManager em, String customerId) {
        return canonical(em, customerId, IdentityKeys.NONE);
    }

    private String canonical(EntityManager em, String customerId, IdentityKeys keys) {
        String byId = ownerOf(em, IdentityKind.CUSTOMER_ID, customerId, keys);
        if (byId != null) {
            return byId;
        }
        if (isAnonymous(customerId)) {
            String byAnonymous = ownerOf(em, IdentityKind.ANONYMOUS_ID,
                    customerId.substring(ANONYMOUS_PREFIX.length()), keys);
            if (byAnonymous != null) {
                return byAnonymous;
            }
        }
        return customerId;
    }

    /**
     * Reads the identity keys resolving {@code events} will look up, in one statement, for {@link #resolve} to use
     * while no merge happens (a batch of events, ADR 0041).
     */
    public IdentityKeys readKeys(EntityManager em, java.util.Collection<? extends CustomerEvent> events) {
        return IdentityKeys.read(em, events, merges.get());
    }

    /**
     * The customer id {@code event} applies to. Follows aliases and merges, links the event's anonymous id,
     * previousId (alias) and email to the customer, and merges an anonymous profile found on the way.
     */
    public String resolve(EntityManager em, CustomerEvent event, Instant now) {
        return resolve(em, event, now, IdentityKeys.NONE);
    }

    /** As above, taking keys from {@code keys} (read for the event's batch) where they answer for them. */
    public String resolve(EntityManager em, CustomerEvent event, Instant now, IdentityKeys keys) {
        String actor = "event:" + event.eventId();
        String target = canonical(em, event.customerId(), keys);
        if (event instanceof CustomerAliased alias) {
            target = linkPreviousId(em, target, alias.previousId(), actor, now, keys);
        }
        if (!event.anonymousId().isEmpty()) {
            target = linkAnonymousId(em, target, event.anonymousId(), actor, now, keys);
        }
        if (event.email() != null && !event.email().isBlank()) {
            target = link(em, IdentityKind.EMAIL, event.email(), target, actor, now, keys);
        }
        return target;
    }

    /**
     * Links key {@code value} of {@code kind} to {@code target} and returns the profile the event should apply
     * to: {@code target}, or the key's known owner when {@code target} is anonymous (the anonymous profile then
     * merges into it). A key held by another known customer stays with them.
     */
    public String link(EntityManager em, IdentityKind kind, String value, String target, String actor, Instant now) {
        return link(em, kind, value, target, actor, now, IdentityKeys.NONE);
    }

    private String link(EntityManager em, IdentityKind kind, String value, String target, String actor, Instant now,
                        IdentityKeys keys) {
        String key = kind.normalise(value);
        if (key.isEmpty()) {
            return target;
        }
        String owner = ownerOf(em, kind, key, keys);
        if (owner == null) {
            persistKey(em, kind, key, target, now, keys);
            return target;
        }
        if (owner.equals(target)) {
            return target;
        }
        if (isAnonymous(target)) {
            merge(em, owner, target, actor, "anonymous profile shares " + kind.wireName() + " with " + owner, now);
            return owner;
        }
        if (isAnonymous(owner)) {
            merge(em, target, owner, actor, "anonymous profile " + owner + " shares " + kind.wireName(), now);
            return target;
        }
        LOG.info("{} {} of customer {} is already held by customer {}; the profiles stay apart (an alias merges"
                + " them)", kind.wireName(), mask(kind, key), target, owner);
        return target;
    }

    private String linkAnonymousId(EntityManager em, String target, String anonymousId, String actor, Instant now,
                                   IdentityKeys keys) {
        String anonymousProfile = canonical(em, ANONYMOUS_PREFIX + anonymousId, keys);
        if (isAnonymous(target)) {
            return target; // an anonymous event about its own anonymous profile
        }
        if (!anonymousProfile.equals(target)) {
            if (!isAnonymous(anonymousProfile)) {
                LOG.info("anonymous id {} is linked to customer {} already; customer {} does not take it over",
                        anonymousId, anonymousProfile, target);
                return target;
            }
            merge(em, target, anonymousProfile, actor, "identified anonymous visitor " + anonymousId, now);
        }
        if (ownerOf(em, IdentityKind.ANONYMOUS_ID, anonymousId, keys) == null) {
            persistKey(em, IdentityKind.ANONYMOUS_ID, anonymousId, target, now, keys);
        }
        return target;
    }

    private String linkPreviousId(EntityManager em, String target, String previousId, String actor, Instant now,
                                  IdentityKeys keys) {
        String previous = canonical(em, previousId, keys);
        if (previous.equals(previousId) && em.find(Customer.class, previousId) == null) {
            // Segment sends the anonymous id as previousId when a visitor signs up
            String anonymous = canonical(em, ANONYMOUS_PREFIX + previousId, keys);
            if (em.find(Customer.class, anonymous) != null) {
                previous = anonymous;
            }
        }
        if (previous.equals(target)) {
            return target;
        }
        if (em.find(Customer.class, previous) != null) {
            merge(em, target, previous, actor, "alias: " + previousId + " is " + target, now);
        } else if (ownerOf(em, IdentityKind.CUSTOMER_ID, previousId, keys) == null) {
            claimAbsentProfile(em, previousId, now);
            persistKey(em, IdentityKind.CUSTOMER_ID, previousId, target, now, keys);
        }
        return target;
    }

    /**
     * Merges profile {@code mergedAwayId} into {@code survivorId}: orders, activity, attributes (the most
     * restrictive consent wins, otherwise the survivor's value), emails queued or sent and experiment exposures
     * move over (where the survivor has none for the same campaign), segments are recomputed, every key of the
     * merged-away profile and its id itself lead to the survivor from now on, and an audit entry says who, when
     * and why. The merged-away customer row is deleted.
     *
     * @return what moved, by table
     */
    public Map<String, Integer> merge(EntityManager em, String survivorId, String mergedAwayId, String actor,
                                      String reason, Instant now) {
        if (survivorId.equals(mergedAwayId)) {
            throw new IllegalArgumentException("cannot merge customer " + survivorId + " into itself");
        }
        merges.incrementAndGet();
        Map<String, Integer> moved = new LinkedHashMap<>();
        Customer mergedAway = em.find(Customer.class, mergedAwayId);
        Customer survivor = em.find(Customer.class, survivorId);
        if (survivor == null) {
            survivor = new Customer(survivorId, null, null, now);
            em.persist(survivor);
            em.flush();
        }
        if (mergedAway != null) {
            moved.put("orders", update(em, "update customer_order set customer_id = :s where customer_id = :l",
                    survivorId, mergedAwayId));
            moved.put("activities", update(em, "update customer_activity set customer_id = :s where customer_id = :l",
                    survivorId, mergedAwayId));
            moved.put("consentsTightened", tightenConsents(em, survivorId, mergedAwayId, now));
            moved.put("attributes", update(em, "insert into customer_attribute (customer_id, name, text_value,"
                    + " number_value, source, updated_at) select :s, a.name, a.text_value, a.number_value, a.source,"
                    + " a.updated_at from customer_attribute a where a.customer_id = :l and not exists (select 1"
                    + " from customer_attribute b where b.customer_id = :s and b.name = a.name)",
                    survivorId, mergedAwayId));
            update(em, "delete from customer_attribute where customer_id = :l", null, mergedAwayId);
            // one email per campaign and step: the merged-away profile's copy stays on record under its old id
            moved.put("emails", update(em, "update outbox_message o set customer_id = :s where o.customer_id = :l"
                    + " and not exists (select 1 from outbox_message x where x.customer_id = :s"
                    + " and x.campaign = o.campaign and x.step = o.step)", survivorId, mergedAwayId));
            moved.put("exposures", update(em, "update experiment_exposure e set customer_id = :s"
                    + " where e.customer_id = :l and not exists (select 1 from experiment_exposure x"
                    + " where x.customer_id = :s and x.campaign = e.campaign)", survivorId, mergedAwayId));
            update(em, "delete from segment_membership where customer_id = :l", null, mergedAwayId);
            update(em, "delete from customer_rfm where customer_id = :l", null, mergedAwayId);
            update(em, "delete from customer_enrichment where customer_id = :l", null, mergedAwayId);
            survivor.absorb(mergedAway, now);
            em.remove(mergedAway);
        } else {
            claimAbsentProfile(em, mergedAwayId, now);
        }
        moved.put("keys", update(em, "update customer_identity set customer_id = :s where customer_id = :l",
                survivorId, mergedAwayId));
        em.flush();
        em.clear(); // bulk statements bypassed the persistence context: read fresh state from here on
        if (em.find(CustomerIdentity.class, new CustomerIdentity.Key(IdentityKind.CUSTOMER_ID.wireName(),
                mergedAwayId)) == null) {
            em.persist(new CustomerIdentity(IdentityKind.CUSTOMER_ID, mergedAwayId, survivorId, now));
        }
        if (moved.getOrDefault("orders", 0) > 0) {
            segmentRefresh.afterOrder(em, survivorId, now);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("mergedAway", mergedAwayId);
        detail.put("survivor", survivorId);
        detail.put("moved", moved);
        em.persist(new AuditEntry(now, actor, "merge", "customer", survivorId, reason, toJson(detail)));
        em.flush();
        LOG.info("merged customer {} into {} ({}): {}", mergedAwayId, survivorId, reason, moved);
        return moved;
    }

    /**
     * Takes the unique key of profile {@code id}, which has no row, by inserting its row and removing it again in
     * this transaction, before the id is pointed at another profile. An event of that profile creating the row at
     * the same time then either waits for this transaction and sees the id's new key
     * ({@link #confirmNewProfile}), or commits first and makes this insert fail, and this event is redone on the
     * committed profile. Without it the two would not touch a common row and both commit: the profile's row would
     * be left beside the customer it was merged into (ADR 0046).
     */
    private static void claimAbsentProfile(EntityManager em, String id, Instant now) {
        Customer placeholder = new Customer(id, null, null, now);
        em.persist(placeholder);
        em.flush();
        em.remove(placeholder);
    }

    /**
     * Fails the event's transaction as a lost race when {@code customerId}, whose row it has just inserted (and
     * flushed), has meanwhile become another profile's alias: a merge or alias committed between the event's
     * identity read and its insert. Redone, the event resolves to the survivor. The key is read afresh, never from
     * a batch's keys. Only an inserted row needs this: an existing row is updated under its version, which the
     * merge's delete changes (ADR 0017, ADR 0046).
     */
    public void confirmNewProfile(EntityManager em, String customerId) {
        String nowStandsFor = canonical(em, customerId);
        if (!nowStandsFor.equals(customerId)) {
            throw new jakarta.persistence.OptimisticLockException("profile " + customerId + " was merged into "
                    + nowStandsFor + " while an event created it");
        }
    }

    /**
     * The merged-away profile's consent records move to the survivor where it has none for the channel; where
     * both hold one and the survivor's grants while the other's does not (withdrawn or pending), the denial wins.
     */
    private static int tightenConsents(EntityManager em, String survivorId, String mergedAwayId, Instant now) {
        Map<String, ConsentService.Consent> survivors = new HashMap<>();
        ConsentService.consentsOf(em, survivorId).forEach(c -> survivors.put(c.channel(), c));
        int tightened = 0;
        for (ConsentService.Consent theirs : ConsentService.consentsOf(em, mergedAwayId)) {
            ConsentService.Consent mine = survivors.get(theirs.channel());
            if (mine == null) {
                em.createNativeQuery("update consent_record set customer_id = :s where customer_id = :l"
                                + " and channel = :ch").setParameter("s", survivorId).setParameter("l", mergedAwayId)
                        .setParameter("ch", theirs.channel()).executeUpdate();
            } else if (mine.status() == ConsentService.Status.GRANTED
                    && theirs.status() != ConsentService.Status.GRANTED) {
                String other = "(select o.%s from consent_record o where o.customer_id = :l and o.channel = :ch)";
                em.createNativeQuery("update consent_record set status = " + other.formatted("status")
                                + ", source = " + other.formatted("source") + ", updated_at = "
                                + other.formatted("updated_at") + ", confirmed_at = " + other.formatted("confirmed_at")
                                + " where customer_id = :s and channel = :ch")
                        .setParameter("s", survivorId).setParameter("l", mergedAwayId)
                        .setParameter("ch", theirs.channel()).executeUpdate();
                tightened++;
            }
        }
        em.createNativeQuery("delete from consent_record where customer_id = :l").setParameter("l", mergedAwayId)
                .executeUpdate();
        return tightened;
    }

    private static int update(EntityManager em, String sql, String survivorId, String mergedAwayId) {
        var query = em.createNativeQuery(sql).setParameter("l", mergedAwayId);
        if (survivorId != null) {
            query.setParameter("s", survivorId);
        }
        return query.executeUpdate();
    }

    /** The customer key {@code (kind, value)} leads to, or null: from {@code keys} where it answers, else read. */
    private String ownerOf(EntityManager em, IdentityKind kind, String value, IdentityKeys keys) {
        String key = kind.normalise(value);
        if (keys.answers(kind, key, merges.get())) {
            return keys.ownerOf(kind, key);
        }
        CustomerIdentity found = em.find(CustomerIdentity.class, new CustomerIdentity.Key(kind.wireName(), key));
        return found == null ? null : found.customerId();
    }

    private static void persistKey(EntityManager em, IdentityKind kind, String value, String customerId, Instant now,
                                   IdentityKeys keys) {
        em.persist(new CustomerIdentity(kind, value, customerId, now));
        keys.written(kind, kind.normalise(value), customerId);
    }

    /** Emails are personal data: logs show only their first letter and domain. */
    private static String mask(IdentityKind kind, String key) {
        if (kind != IdentityKind.EMAIL) {
            return key;
        }
        int at = key.indexOf('@');
        return at <= 0 ? "***" : key.charAt(0) + "***" + key.substring(at);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit detail is not serialisable", e);
        }
    }
}
