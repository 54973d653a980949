package dev.herald.engine.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Marketing consent per customer and channel, with its source and time. Granting may go through double opt-in:
 * the consent stays {@link Status#PENDING} and a confirmation email (campaign {@value #CONFIRMATION_CAMPAIGN},
 * template {@value #CONFIRMATION_TEMPLATE}) carries a signed link; only confirming grants it.
 *
 * <p>{@code consent_record} is the one store of consent (ADR 0034): identify events, customer imports, the
 * command line, unsubscribes and double opt-in all write here, and decisions, the send gate, privacy export and
 * erasure and the console read only here. One row per customer and channel holds the latest statement.
 */
public final class ConsentService {

    public static final String EMAIL = "email";
    public static final String CONFIRMATION_CAMPAIGN = "consent-confirmation";
    public static final String CONFIRMATION_TEMPLATE = "confirm-subscription";

    /** The states of a consent record. */
    public enum Status { GRANTED, PENDING, WITHDRAWN }

    /** A consent as stored. */
    public record Consent(String customerId, String channel, Status status, String source, Instant updatedAt,
                          Instant confirmedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transactions transactions;
    private final Clock clock;

    private volatile java.util.Locale defaultLocale = dev.herald.engine.application.EmailModel.DEFAULT_LOCALE;

    public ConsentService(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The locale of customers without a locale or language attribute, for the confirmation email. */
    public ConsentService withDefaultLocale(java.util.Locale locale) {
        this.defaultLocale = java.util.Objects.requireNonNull(locale, "locale");
        return this;
    }

    /** Records a granted consent (single opt-in, or imported with proof elsewhere). */
    public void grant(String customerId, String channel, String source, String actor) {
        transactions.inTransaction(em -> {
            set(em, customerId, channel, Status.GRANTED, source, actor, clock.instant(), true);
            return null;
        });
    }

    /**
     * Starts double opt-in: the consent becomes PENDING and a confirmation email is queued in the outbox (sent
     * like any other email, with a signed confirmation link added at send time).
     *
     * @return the outbox id of the confirmation email
     */
    public long requestDoubleOptIn(String customerId, String source, String actor) {
        return transactions.inTransaction(em -> {
            Instant now = clock.instant();
            @SuppressWarnings("unchecked")
            List<Object[]> customer = em.createNativeQuery("select email, name from customer where id = ?1")
                    .setParameter(1, customerId).getResultList();
            if (customer.isEmpty()) {
                throw new IllegalArgumentException("no customer with id '" + customerId + "'");
            }
            Optional<Consent> current = find(em, customerId, EMAIL);
            if (current.isPresent() && current.get().status() == Status.GRANTED) {
                throw new IllegalStateException("customer '" + customerId + "' has already granted email consent");
            }
            set(em, customerId, EMAIL, Status.PENDING, source, actor, now, false);
            String email = (String) customer.get(0)[0];
            String name = (String) customer.get(0)[1];
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", customerId);
            c.put("email", email);
            c.put("name", name);
            c.put("firstName", name == null ? "" : name.strip().split("\\s+")[0]);
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("customer", c);
            model.put("locale", dev.herald.engine.application.CustomerLocale.read(em, customerId, defaultLocale)
                    .toLanguageTag());
            model.put("campaign", CONFIRMATION_CAMPAIGN);
            String step = "request-" + now.toEpochMilli();
            model.put("eventId", "consent-" + customerId + "-" + step);
            OutboxMessage message = new OutboxMessage(CONFIRMATION_CAMPAIGN, customerId, step, "A",
                    "consent-" + customerId + "-" + step, CONFIRMATION_TEMPLATE, email, json(model), now);
            em.persist(message);
            em.flush();
            return message.id();
        });
    }

    /** Confirms a pending double opt-in; returns {@code false} when there was nothing pending (already done). */
    public boolean confirm(String customerId, String channel, String source) {
        return transactions.inTransaction(em -> {
            Optional<Consent> current = find(em, customerId, channel);
            if (current.isEmpty() || current.get().status() != Status.PENDING) {
                return false;
            }
            Instant now = clock.instant();
            set(em, customerId, channel, Status.GRANTED, source, "customer", now, true);
            liftUnsubscribe(em, customerId, now);
            return true;
        });
    }

    /**
     * A confirmed opt-in is a new, proven statement: an earlier unsubscribe of the customer's address no longer
     * holds. Bounced, complained and manual entries stay.
     */
    private static void liftUnsubscribe(EntityManager em, String customerId, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object> email = em.createNativeQuery("select email from customer where id = ?1")
                .setParameter(1, customerId).getResultList();
        if (email.isEmpty()) {
            return;
        }
        String hash;
        try {
            hash = EmailAddresses.hash((String) email.get(0));
        } catch (IllegalArgumentException noUsableAddress) {
            return;
        }
        int lifted = em.createNativeQuery("delete from suppression where address_hash = ?1 and reason = 'UNSUBSCRIBED'")
                .setParameter(1, hash).executeUpdate();
        if (lifted > 0) {
            AuditLog.record(em, "suppression", hash, "remove", "customer", Map.of("why", "confirmed opt-in"), now);
        }
    }

    public void withdraw(String customerId, String channel, String source, String actor) {
        transactions.inTransaction(em -> {
            withdraw(em, customerId, channel, source, actor, clock.instant());
            return null;
        });
    }

    /** Withdraws in the caller's transaction (an unsubscribe also suppresses, in the same transaction). */
    public static void withdraw(EntityManager em, String customerId, String channel, String source, String actor,
                                Instant now) {
        Optional<Consent> current = find(em, customerId, channel);
        if (current.isPresent() && current.get().status() == Status.WITHDRAWN) {
            return;
        }
        set(em, customerId, channel, Status.WITHDRAWN, source, actor, now, false);
    }

    public Optional<Consent> find(String customerId, String channel) {
        return transactions.inTransaction(em -> find(em, customerId, channel));
    }

    public static Optional<Consent> find(EntityManager em, String customerId, String channel) {
        return consentsOf(em, customerId).stream().filter(c -> c.channel().equals(channel)).findFirst();
    }

    /** Every consent record of a customer, read in the caller's transaction. */
    public static List<Consent> consentsOf(EntityManager em, String customerId) {
        return consentsOf(em, List.of(customerId)).getOrDefault(customerId, List.of());
    }

    /**
     * Every consent record of several customers in one query (a batch of events reads them once, ADR 0038), by
     * customer id, each list ordered by channel; a customer without a record is absent from the map.
     */
    public static Map<String, List<Consent>> consentsOf(EntityManager em, java.util.Collection<String> customerIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select customer_id, channel, status, source, updated_at,"
                + " confirmed_at from consent_record where customer_id in (:ids) order by customer_id, channel")
                .setParameter("ids", customerIds).getResultList();
        Map<String, List<Consent>> out = new java.util.HashMap<>();
        for (Object[] r : rows) {
            out.computeIfAbsent((String) r[0], id -> new ArrayList<>()).add(new Consent((String) r[0], (String) r[1],
                    Status.valueOf(Rows.text(r[2])), (String) r[3], Rows.instant(r[4]), Rows.instant(r[5])));
        }
        return out;
    }

    /**
     * What the rules see: per channel the consent on record (granted only when GRANTED; pending or withdrawn
     * deny), and, when the customer's address is suppressed, the email channel denied whatever was stated. A
     * channel without a record is absent: no consent stated either way.
     */
    public static List<ConsentFact> decisionFacts(EntityManager em, String customerId) {
        return decisionFacts(customerId, consentsOf(em, customerId), addressSuppressed(em, customerId));
    }

    /** Whether the customer's stored address is on the suppression list (false without a usable address). */
    public static boolean addressSuppressed(EntityManager em, String customerId) {
        @SuppressWarnings("unchecked")
        List<Object> email = em.createNativeQuery("select email from customer where id = ?1")
                .setParameter(1, customerId).getResultList();
        String hash = email.isEmpty() ? null : SuppressionList.hashOrNull((String) email.get(0));
        return hash != null && SuppressionList.find(em, hash).isPresent();
    }

    /** As above, from consent records and a suppression answer already read (once per batch, ADR 0038). */
    public static List<ConsentFact> decisionFacts(String customerId, List<Consent> consents,
                                                  boolean addressSuppressed) {
        Map<String, ConsentFact> byChannel = new LinkedHashMap<>();
        for (Consent c : consents) {
            byChannel.put(c.channel(), new ConsentFact(customerId, c.channel(), c.status() == Status.GRANTED));
        }
        if (addressSuppressed) {
            byChannel.put(EMAIL, new ConsentFact(customerId, EMAIL, false));
        }
        return List.copyOf(byChannel.values());
    }

    /** What {@link #state} did with a statement. */
    public enum Outcome {
        /** the record on file is newer than the statement: kept */
        NEWER_ON_RECORD,
        /** same status as on record: only its time moved on (source and confirmation kept) */
        CONFIRMED,
        /** the status changed (or there was no record) */
        CHANGED
    }

    /**
     * Records a consent statement made at {@code statedAt} (an identify event's time, an import's time) in the
     * caller's transaction, unless the record on file is newer: events may arrive late, and an older statement
     * never replaces a newer one. Not audited here: callers audit in their own words (an identify names its event).
     */
    public static Outcome state(EntityManager em, String customerId, String channel, boolean granted, String source,
                                Instant statedAt) {
        Optional<Consent> current = find(em, customerId, channel);
        if (current.isPresent() && current.get().updatedAt().isAfter(statedAt)) {
            return Outcome.NEWER_ON_RECORD;
        }
        Status status = granted ? Status.GRANTED : Status.WITHDRAWN;
        if (current.isPresent() && current.get().status() == status) {
            // the same answer again: only its time moves on, so the source and a double opt-in's proof stay
            em.createNativeQuery("update consent_record set updated_at = ?1 where customer_id = ?2 and channel = ?3")
                    .setParameter(1, statedAt).setParameter(2, customerId).setParameter(3, channel).executeUpdate();
            return Outcome.CONFIRMED;
        }
        write(em, customerId, channel, status, source, statedAt, granted, current.isPresent());
        return Outcome.CHANGED;
    }

    /**
     * A consent from a customer file ({@code herald import customers}, column {@code consent_CHANNEL}) as a record
     * with source {@code source} (which starts with {@value #IMPORT_SOURCE_PREFIX}), audited when it changes
     * anything. A denial always applies; a grant applies only where there is no record yet or the record came from
     * an import too: a bulk file never overrides a customer's own statement, an unsubscribe or a double opt-in.
     *
     * @return whether the record changed
     */
    public static boolean imported(EntityManager em, String customerId, String channel, boolean granted,
                                   String source, String actor, Instant now) {
        Optional<Consent> current = find(em, customerId, channel);
        Status status = granted ? Status.GRANTED : Status.WITHDRAWN;
        if (current.isPresent() && current.get().status() == status) {
            return false;
        }
        if (granted && current.isPresent() && !current.get().source().startsWith(IMPORT_SOURCE_PREFIX)) {
            return false;
        }
        set(em, customerId, channel, status, source, actor, now, granted);
        return true;
    }

    /** Sources of imported consent start with this, e.g. {@code import:crm-export.csv}. */
    public static final String IMPORT_SOURCE_PREFIX = "import";

    /**
     * Values of a {@code consent_CHANNEL} column (imports, and attributes before V15) that grant the channel;
     * blank means nothing stated; any other value denies it.
     */
    public static boolean grants(String value) {
        return GRANTED_VALUES.contains(value.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static final java.util.Set<String> GRANTED_VALUES = java.util.Set.of("true", "yes", "y", "granted", "1",
            "1.0", "1.0000");

    private static void set(EntityManager em, String customerId, String channel, Status status, String source,
                            String actor, Instant now, boolean confirmed) {
        Optional<Consent> current = find(em, customerId, channel);
        write(em, customerId, channel, status, source, now, confirmed, current.isPresent());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("channel", channel);
        detail.put("from", current.map(c -> c.status().name()).orElse("NONE"));
        detail.put("to", status.name());
        detail.put("source", source);
        AuditLog.record(em, "consent", customerId, "set", actor, detail, now);
    }

    private static void write(EntityManager em, String customerId, String channel, Status status, String source,
                              Instant now, boolean confirmed, boolean exists) {
        if (exists) {
            // a literal NULL rather than a null parameter: PostgreSQL cannot type an untyped null
            em.createNativeQuery("update consent_record set status = ?1, source = ?2, updated_at = ?3,"
                            + " confirmed_at = " + (confirmed ? "?3" : "NULL") + " where customer_id = ?4 and channel = ?5")
                    .setParameter(1, status.name()).setParameter(2, source).setParameter(3, now)
                    .setParameter(4, customerId).setParameter(5, channel)
                    .executeUpdate();
        } else {
            em.createNativeQuery("insert into consent_record (customer_id, channel, status, source, updated_at,"
                            + " confirmed_at) values (?1, ?2, ?3, ?4, ?5, " + (confirmed ? "?5" : "NULL") + ")")
                    .setParameter(1, customerId).setParameter(2, channel).setParameter(3, status.name())
                    .setParameter(4, source).setParameter(5, now)
                    .executeUpdate();
        }
    }

    private static String json(Map<String, Object> model) {
        try {
            return JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
