package dev.herald.engine.consent;

import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.delivery.SendGate;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The send-time check of the suppression list and of withdrawn or unconfirmed consent. Every campaign is
 * marketing unless it is named transactional; transactional email still stops for bounced and complained
 * addresses. A suppressed message stays in the outbox with the reason, never sent.
 */
public final class SuppressionGate implements SendGate {

    private final Set<String> transactionalCampaigns;

    /** @param transactionalCampaigns campaigns that are not marketing (besides the opt-in confirmation) */
    public SuppressionGate(Set<String> transactionalCampaigns) {
        this.transactionalCampaigns = Set.copyOf(transactionalCampaigns);
    }

    public boolean isTransactional(String campaign) {
        return ConsentService.CONFIRMATION_CAMPAIGN.equals(campaign) || transactionalCampaigns.contains(campaign);
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
