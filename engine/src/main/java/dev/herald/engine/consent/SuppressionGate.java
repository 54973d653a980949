package dev.herald.engine.consent;

import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.delivery.SendGate;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The send-time check of the suppression list and of withdrawn or unconfirmed consent. Every campaign is
 * marketing unless its definition says {@code type: transactional} (asked of the live campaigns at send time, so a
 * publish applies to queued emails too; ADR 0034); transactional email still stops for bounced and complained
 * addresses. A suppressed message stays in the outbox with the reason, never sent.
 */
public final class SuppressionGate implements SendGate {

    private final Predicate<String> transactionalCampaigns;

    /** @param transactionalCampaigns campaigns that are not marketing (besides the opt-in confirmation) */
    public SuppressionGate(Set<String> transactionalCampaigns) {
        this(Set.copyOf(transactionalCampaigns)::contains);
    }

    /**
     * @param transactionalCampaigns whether a campaign is transactional, e.g. the live rule base's
     *                               {@code type: transactional} definitions (the opt-in confirmation always is)
     */
    public SuppressionGate(Predicate<String> transactionalCampaigns) {
        this.transactionalCampaigns = transactionalCampaigns;
    }

    /** Named the transactional campaigns until ADR 0034; a value now stops Herald from starting. */
    public static final String REMOVED_TRANSACTIONAL_SETTING = "herald.consent.transactional-campaigns";

    /**
     * Refuses a value of {@value #REMOVED_TRANSACTIONAL_SETTING}: campaigns say {@code type: transactional} in their
     * definitions now, and a list kept beside them would silently disagree with what the decisions do.
     *
     * @throws IllegalStateException naming the listed campaigns and what to do, when {@code value} is not blank
     */
    public static void refuseRemovedTransactionalSetting(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        List<String> campaigns = java.util.Arrays.stream(value.split(",")).map(String::strip)
                .filter(c -> !c.isEmpty()).toList();
        throw new IllegalStateException(REMOVED_TRANSACTIONAL_SETTING + " is no longer read (ADR 0034): write"
                + " 'type: transactional' in the definition of " + String.join(", ", campaigns)
                + " (YAML key, or a 'type' column in a decision table), then remove the setting");
    }

    public boolean isTransactional(String campaign) {
        return ConsentService.CONFIRMATION_CAMPAIGN.equals(campaign) || transactionalCampaigns.test(campaign);
    }

    @Override
    public Verdict check(EntityManager em, OutboxMessage message, Instant now) {
        String hash;
        try {
            hash = EmailAddresses.hash(message.recipient());
        } catch (IllegalArgumentException e) {
            return new Suppress("invalid recipient address");
        }
        boolean transactional = isTransactional(message.campaign());
        Optional<Suppression> suppression = SuppressionList.find(em, hash);
        if (suppression.isPresent() && (!transactional || suppression.get().reason().blocksTransactional())) {
            return new Suppress("address on the suppression list ("
                    + suppression.get().reason().name().toLowerCase() + ")");
        }
        if (!transactional) {
            @SuppressWarnings("unchecked")
            List<Object> status = em.createNativeQuery("select status from consent_record where customer_id = ?1"
                    + " and channel = ?2").setParameter(1, message.customerId())
                    .setParameter(2, ConsentService.EMAIL).getResultList();
            if (!status.isEmpty() && !ConsentService.Status.GRANTED.name().equals(Rows.text(status.get(0)))) {
                return new Suppress("email marketing consent is " + Rows.text(status.get(0)).toLowerCase());
            }
        }
        return SendGate.send();
    }
}
