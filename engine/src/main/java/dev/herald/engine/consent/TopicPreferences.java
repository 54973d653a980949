package dev.herald.engine.consent;

import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.delivery.SendGate;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which subscription topics a customer chose not to receive (ADR 0063): rows of {@code topic_optout}, changed from
 * the customer's preference page and audited. Topics themselves are the campaigns folder's ({@code herald-rules.yaml});
 * a row for a topic no longer defined is kept, so a topic brought back does not resubscribe anyone.
 */
public final class TopicPreferences {

    /**
     * How a topic the customer left reaches the rules: a denied consent fact on channel {@code topic:ID}, so a
     * campaign of that topic is not decided for them (the send gate below still stops what was queued before).
     */
    public static final String CONSENT_CHANNEL_PREFIX = "topic:";

    /** Audit entity kind of a topic change. */
    public static final String AUDIT_KIND = "topics";

    private final Transactions transactions;
    private final Clock clock;

    public TopicPreferences(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The topics this customer opted out of. */
    public Set<String> optedOut(String customerId) {
        return transactions.inTransaction(em -> optedOut(em, customerId));
    }

    /** The topics this customer opted out of, read in the caller's transaction. */
    public static Set<String> optedOut(EntityManager em, String customerId) {
        return optedOut(em, List.of(customerId)).getOrDefault(customerId, Set.of());
    }

    /** The topics each of these customers opted out of, in one query; a customer with none is left out. */
    public static Map<String, Set<String>> optedOut(EntityManager em, java.util.Collection<String> customerIds) {
        Map<String, Set<String>> out = new java.util.HashMap<>();
        if (customerIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select customer_id, topic from topic_optout"
                + " where customer_id in (:customers)").setParameter("customers", customerIds).getResultList();
        rows.forEach(row -> out.computeIfAbsent(Rows.text(row[0]), id -> new TreeSet<>()).add(Rows.text(row[1])));
        return out;
    }

    /**
     * Sets the customer's choice for each topic given ({@code true}: receive it), leaving the others as they are;
     * each change is written to the audit log with {@code source}. Returns the topics that changed.
     */
    public Map<String, Boolean> choose(String customerId, Map<String, Boolean> receive, String source) {
        Instant now = clock.instant();
        return transactions.inTransaction(em -> {
            Set<String> before = optedOut(em, customerId);
            Map<String, Boolean> changed = new LinkedHashMap<>();
            receive.forEach((topic, wanted) -> {
                boolean out = before.contains(topic);
                if (wanted && out) {
                    em.createNativeQuery("delete from topic_optout where customer_id = ?1 and topic = ?2")
                            .setParameter(1, customerId).setParameter(2, topic).executeUpdate();
                    changed.put(topic, true);
                } else if (!wanted && !out) {
                    em.createNativeQuery("insert into topic_optout (customer_id, topic, opted_out_at, source)"
                                    + " values (?1, ?2, ?3, ?4)").setParameter(1, customerId).setParameter(2, topic)
                            .setParameter(3, now).setParameter(4, source).executeUpdate();
                    changed.put(topic, false);
                }
            });
            changed.forEach((topic, wanted) -> AuditLog.record(em, AUDIT_KIND, customerId,
                    wanted ? "topic-subscribe" : "topic-optout", source, Map.of("topic", topic), now));
            return changed;
        });
    }

    /**
     * The send-time check: a marketing email whose campaign has a topic the customer opted out of is suppressed,
     * with that reason. {@code topicOf} reads the live campaigns, so a topic added to a campaign applies to emails
     * already queued.
     */
    public static SendGate gate(Function<String, Optional<String>> topicOf) {
        return (EntityManager em, OutboxMessage message, Instant now) -> {
            Optional<String> topic = topicOf.apply(message.campaign());
            if (topic.isEmpty()) {
                return SendGate.send();
            }
            boolean out = !em.createNativeQuery("select 1 from topic_optout where customer_id = ?1 and topic = ?2")
                    .setParameter(1, message.customerId()).setParameter(2, topic.get()).setMaxResults(1)
                    .getResultList().isEmpty();
            return out ? new SendGate.Suppress("opted out of topic " + topic.get()) : SendGate.send();
        };
    }
}
