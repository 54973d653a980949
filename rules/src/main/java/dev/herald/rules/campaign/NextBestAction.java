package dev.herald.rules.campaign;

import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.RecentSend;
import dev.herald.rules.campaign.CampaignDefinition.FrequencyCap;
import dev.herald.rules.campaign.CampaignDefinition.Timing;
import dev.herald.rules.campaign.CampaignDefinition.Variant;
import dev.herald.rules.campaign.CampaignOutcome.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the one campaign that goes out when several match the same event: first each match passes the rules
 * of conduct (valid dates, consent, quiet hours, its own frequency cap, holdout), then the global cap, then the
 * highest priority wins, ties going to the highest expected value (recommendation score), then to the campaign
 * id so the result never depends on order. Deterministic: holdout and variant draws hash the customer id.
 */
final class NextBestAction {

    private static final Comparator<CampaignOutcome> RANKING = Comparator
            .comparingInt(CampaignOutcome::priority).reversed()
            .thenComparing(Comparator.comparingDouble(CampaignOutcome::expectedValue).reversed())
            .thenComparing(CampaignOutcome::campaign);

    /** The channel every campaign sends on, so the consent a marketing campaign needs at least. */
    static final String MARKETING_CHANNEL = "email";

    private NextBestAction() {
    }

    static Verdict arbitrate(Map<String, Double> matches, Map<String, CampaignDefinition> campaigns,
                             RuleSettings settings, Situation situation) {
        Instant now = situation.event().occurredAt();
        String customerId = situation.customer().customerId();
        List<CampaignOutcome> outcomes = new ArrayList<>();
        List<CampaignOutcome> eligible = new ArrayList<>();
        matches.forEach((id, expectedValue) -> {
            CampaignDefinition campaign = campaigns.get(id);
            Optional<String> suppression = !campaign.transactional() && settings.globalControl().contains(customerId)
                    ? Optional.of("global control group: the " + settings.globalControl().percent() + " of customers"
                    + " who get no marketing email, so that its overall effect can be measured")
                    : suppression(campaign, situation, now);
            if (suppression.isPresent()) {
                outcomes.add(new CampaignOutcome(id, Status.SUPPRESSED, suppression.get(), campaign.priority(), expectedValue));
            } else {
                eligible.add(new CampaignOutcome(id, Status.WON, "", campaign.priority(), expectedValue));
            }
        });
        FrequencyCap globalCap = settings.globalCap();
        if (globalCap != null && !eligible.isEmpty()) {
            long sent = situation.recentSends().stream().filter(send -> within(send, now, globalCap.per())).count();
            if (sent >= globalCap.max()) {
                String reason = "global cap: " + sent + " campaign emails in the last " + human(globalCap.per())
                        + ", at most " + globalCap.max() + " allowed";
                eligible.forEach(o -> outcomes.add(new CampaignOutcome(o.campaign(), Status.SUPPRESSED, reason,
                        o.priority(), o.expectedValue())));
                eligible.clear();
            }
        }
        eligible.sort(RANKING);
        Decision decision = null;
        for (int i = 0; i < eligible.size(); i++) {
            CampaignOutcome candidate = eligible.get(i);
            if (i == 0) {
                String reason = eligible.size() == 1 ? "the only eligible match, priority " + candidate.priority()
                        : "highest priority " + candidate.priority() + (eligible.get(1).priority() == candidate.priority()
                        ? ", expected value " + round(candidate.expectedValue()) : "");
                outcomes.add(new CampaignOutcome(candidate.campaign(), Status.WON, reason, candidate.priority(),
                        candidate.expectedValue()));
                decision = decision(campaigns.get(candidate.campaign()), customerId);
            } else {
                CampaignOutcome winner = eligible.get(0);
                String reason = candidate.priority() < winner.priority()
                        ? "priority " + candidate.priority() + " below " + winner.campaign() + "'s " + winner.priority()
                        : candidate.expectedValue() < winner.expectedValue()
                        ? "same priority as " + winner.campaign() + ", lower expected value " + round(candidate.expectedValue())
                                + " < " + round(winner.expectedValue())
                        : "same priority and expected value as " + winner.campaign() + ", which comes first by id";
                outcomes.add(new CampaignOutcome(candidate.campaign(), Status.OUTRANKED, reason, candidate.priority(),
                        candidate.expectedValue()));
            }
        }
        outcomes.sort(Comparator.comparing((CampaignOutcome o) -> o.status().ordinal()).thenComparing(RANKING));
        return new Verdict(Optional.ofNullable(decision), outcomes);
    }

    private static Optional<String> suppression(CampaignDefinition campaign, Situation situation, Instant now) {
        Timing timing = campaign.timing();
        if (timing.validFrom() != null && now.isBefore(timing.validFrom())) {
            return Optional.of("not valid yet: starts " + timing.validFrom());
        }
        if (timing.validUntil() != null && !now.isBefore(timing.validUntil())) {
            return Optional.of("no longer valid: ended " + timing.validUntil());
        }
        if (!campaign.transactional()) {
            // marketing: an explicit audience.consent asks for a granted consent; every marketing email at least
            // for one not withdrawn or pending, to an address not suppressed (the send gate would stop it anyway)
            if (campaign.consentChannel() != null && !situation.hasConsent(campaign.consentChannel())) {
                return Optional.of("consent: no " + campaign.consentChannel() + " marketing consent on record");
            }
            if (situation.deniesConsent(MARKETING_CHANNEL)) {
                return Optional.of("consent: " + MARKETING_CHANNEL + " marketing consent withdrawn or pending, or"
                        + " the address is suppressed (a marketing campaign; type: transactional is sent anyway)");
            }
            if (campaign.topic() != null && situation.deniesConsent(
                    dev.herald.engine.consent.TopicPreferences.CONSENT_CHANNEL_PREFIX + campaign.topic())) {
                return Optional.of("topic: the customer left topic " + campaign.topic() + " on their preference page");
            }
        }
        Instant sendAt = now.plus(timing.delay()).plus(timing.waitTimeout());
        if (timing.quietHours() != null && timing.quietHours().contains(sendAt)) {
            return Optional.of("quiet hours " + timing.quietHours() + ": the send would be due at " + sendAt);
        }
        FrequencyCap cap = campaign.frequencyCap();
        if (cap != null) {
            long sent = situation.recentSends().stream()
                    .filter(send -> send.campaign().equals(campaign.id()) && within(send, now, cap.per())).count();
            if (sent >= cap.max()) {
                return Optional.of("frequency cap: " + sent + " sent in the last " + human(cap.per()) + ", at most "
                        + cap.max() + " allowed");
            }
        }
        if (campaign.holdout() > 0) {
            double draw = unitDraw("holdout", campaign.id(), situation.customer().customerId());
            if (draw < campaign.holdout()) {
                return Optional.of("holdout: customer is in the " + Math.round(campaign.holdout() * 100)
                        + "% control group");
            }
        }
        return Optional.empty();
    }

    private static Decision decision(CampaignDefinition campaign, String customerId) {
        String variantName = Decision.DEFAULT_VARIANT;
        String template = campaign.template();
        if (!campaign.variants().isEmpty()) {
            int total = campaign.variants().stream().mapToInt(Variant::weight).sum();
            double draw = unitDraw("variant:" + (campaign.experiment() == null ? "" : campaign.experiment()),
                    campaign.id(), customerId) * total;
            for (Variant variant : campaign.variants()) {
                draw -= variant.weight();
                if (draw < 0) {
                    variantName = variant.name();
                    template = variant.template();
                    break;
                }
            }
        }
        Timing timing = campaign.timing();
        Duration delay = timing.delay().plus(timing.waitTimeout());
        return new Decision(campaign.id(), template, customerId, variantName, delay, timing.waitForEvent());
    }

    private static boolean within(RecentSend send, Instant now, Duration period) {
        return !send.sentAt().isBefore(now.minus(period)) && !send.sentAt().isAfter(now);
    }

    /** A uniform draw in [0, 1) fixed by its inputs (String.hashCode is specified, so stable across JVMs). */
    static double unitDraw(String purpose, String campaign, String customerId) {
        long h = (purpose + '\u0000' + campaign + '\u0000' + customerId).hashCode();
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= (h >>> 33);
        return (h >>> 11) * 0x1.0p-53;
    }

    private static String human(Duration period) {
        if (period.toDays() > 0 && period.toHours() % 24 == 0) {
            return period.toDays() + "d";
        }
        if (period.toHours() > 0 && period.toMinutes() % 60 == 0) {
            return period.toHours() + "h";
        }
        return period.toMinutes() + "m";
    }

    private static String round(double value) {
        return String.valueOf(Math.round(value * 1000) / 1000.0);
    }
}
