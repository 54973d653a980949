package dev.herald.engine.engagement;

import dev.herald.engine.consent.ConsentService;
import dev.herald.engine.consent.SuppressionList;
import dev.herald.engine.consent.SuppressionReason;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.experiment.store.Outcome;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the tracking links do: one-click unsubscribe (suppress the address, withdraw email consent), opens and
 * clicks recorded against the outbox message and its variant and fed to the campaign's experiment, and the
 * double opt-in confirmation. Every entry point takes a token and does nothing for one that does not verify.
 */
public final class EngagementService {

    private static final Logger LOG = LoggerFactory.getLogger(EngagementService.class);

    /** The outbox message a token points at. */
    public record Sent(long outboxId, String customerId, String campaign, String variant, String recipient) {
    }

    private final Transactions transactions;
    private final TrackingTokens tokens;
    private final ExperimentService experiments;
    private final ConsentService consents;
    private final Clock clock;
    private volatile EngagementListener listener = EngagementListener.NONE;

    public EngagementService(Transactions transactions, TrackingTokens tokens, Clock clock) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.clock = clock;
        this.experiments = new ExperimentService(transactions, clock);
        this.consents = new ConsentService(transactions, clock);
    }

    public TrackingTokens tokens() {
        return tokens;
    }

    /** Who is told about clicks and unsubscribes (one listener; compose them if more are needed). */
    public EngagementService withListener(EngagementListener clickListener) {
        this.listener = clickListener == null ? EngagementListener.NONE : clickListener;
        return this;
    }

    /** The message an unsubscribe token names, for the confirmation page; empty when the token is not valid. */
    public Optional<Sent> unsubscribeTarget(String token) {
        return tokens.verify(token, TrackingTokens.Kind.UNSUBSCRIBE)
                .flatMap(p -> transactions.inTransaction(em -> sent(em, p.outboxId())));
    }

    /**
     * Unsubscribes the recipient of the message: address suppressed (reason unsubscribed), email consent
     * withdrawn, an engagement row and audit rows written. Idempotent: a second call changes nothing.
     *
     * @return the message, or empty when the token is not valid
     */
    public Optional<Sent> unsubscribe(String token, String source) {
        Optional<TrackingTokens.Parsed> parsed = tokens.verify(token, TrackingTokens.Kind.UNSUBSCRIBE);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        java.util.concurrent.atomic.AtomicBoolean firstTime = new java.util.concurrent.atomic.AtomicBoolean();
        Optional<Sent> unsubscribed = transactions.inTransaction(em -> {
            Optional<Sent> sent = sent(em, parsed.get().outboxId());
            if (sent.isEmpty()) {
                return sent;
            }
            Sent s = sent.get();
            boolean added = SuppressionList.add(em, s.recipient(), SuppressionReason.UNSUBSCRIBED, source,
                    "campaign " + s.campaign() + ", outbox message " + s.outboxId(), "recipient", now);
            ConsentService.withdraw(em, s.customerId(), ConsentService.EMAIL, source, "recipient", now);
            if (added) {
                insert(em, s, "UNSUBSCRIBE", null, now);
                LOG.info("customer {} unsubscribed from campaign {} (outbox message {})", s.customerId(),
                        s.campaign(), s.outboxId());
                firstTime.set(true);
            }
            return sent;
        });
        if (firstTime.get()) {
            Sent s = unsubscribed.get();
            try {
                listener.unsubscribed(s.customerId(), s.campaign(), s.outboxId(), now);
            } catch (RuntimeException e) {
                LOG.error("engagement listener failed for an unsubscribe of customer {} on outbox message {}: {}",
                        s.customerId(), s.outboxId(), e.toString());
            }
        }
        return unsubscribed;
    }

    /** Records an open; returns whether the token was valid. */
    public boolean recordOpen(String token) {
        Optional<TrackingTokens.Parsed> parsed = tokens.verify(token, TrackingTokens.Kind.OPEN);
        if (parsed.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        Optional<Sent> sent = transactions.inTransaction(em -> {
            Optional<Sent> s = sent(em, parsed.get().outboxId());
            s.ifPresent(m -> insert(em, m, "OPEN", null, now));
            return s;
        });
        sent.ifPresent(s -> experiments.recordEngagement(s.campaign(), s.customerId(), Outcome.Kind.OPEN,
                "open-" + s.outboxId(), now));
        return sent.isPresent();
    }

    /**
     * Records a click and returns where to send the browser: the URL signed into the token, which the email
     * carried. Empty for an invalid token, so there is no open redirect.
     */
    public Optional<String> recordClick(String token) {
        Optional<TrackingTokens.Parsed> parsed = tokens.verify(token, TrackingTokens.Kind.CLICK);
        if (parsed.isEmpty() || !isWebUrl(parsed.get().subject())) {
            return Optional.empty();
        }
        String url = parsed.get().subject();
        Instant now = clock.instant();
        Optional<Sent> sent = transactions.inTransaction(em -> {
            Optional<Sent> s = sent(em, parsed.get().outboxId());
            s.ifPresent(m -> insert(em, m, "CLICK", url, now));
            return s;
        });
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        Sent s = sent.get();
        experiments.recordEngagement(s.campaign(), s.customerId(), Outcome.Kind.CLICK, "click-" + s.outboxId(), now);
        try {
            listener.clicked(s.customerId(), s.campaign(), s.outboxId(), now);
        } catch (RuntimeException e) {
            LOG.error("engagement listener failed for a click of customer {} on outbox message {}: {}",
                    s.customerId(), s.outboxId(), e.toString());
        }
        return Optional.of(url);
    }

    /** The customer a confirmation token names, when valid. */
    public Optional<String> confirmationCustomer(String token) {
        return tokens.verify(token, TrackingTokens.Kind.CONFIRM).map(TrackingTokens.Parsed::subject);
    }

    /** Confirms a double opt-in; empty for an invalid token, else whether something was pending. */
    public Optional<Boolean> confirm(String token) {
        return confirmationCustomer(token).map(customer ->
                consents.confirm(customer, ConsentService.EMAIL, "double-opt-in link"));
    }

    static boolean isWebUrl(String url) {
        String lower = url == null ? "" : url.toLowerCase(java.util.Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://"))
                && url.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
    }

    private static Optional<Sent> sent(EntityManager em, long outboxId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, customer_id, campaign, variant, recipient"
                + " from outbox_message where id = ?1").setParameter(1, outboxId).getResultList();
        return rows.stream().findFirst().map(r -> new Sent(((Number) r[0]).longValue(), (String) r[1],
                (String) r[2], (String) r[3], (String) r[4]));
    }

    private static void insert(EntityManager em, Sent s, String kind, String url, Instant now) {
        // a literal NULL rather than a null parameter: PostgreSQL cannot type an untyped null
        var query = em.createNativeQuery("insert into engagement_event (outbox_id, customer_id, campaign, variant,"
                        + " kind, occurred_at, url) values (?1, ?2, ?3, ?4, ?5, ?6, " + (url == null ? "NULL" : "?7") + ")")
                .setParameter(1, s.outboxId()).setParameter(2, s.customerId()).setParameter(3, s.campaign())
                .setParameter(4, s.variant()).setParameter(5, kind).setParameter(6, now);
        if (url != null) {
            query.setParameter(7, url.length() > 2000 ? url.substring(0, 2000) : url);
        }
        query.executeUpdate();
    }
}
