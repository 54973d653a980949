package dev.herald.rules.campaign;

import dev.herald.rules.campaign.CampaignDefinition.AttributeCondition;
import dev.herald.rules.campaign.CampaignDefinition.RfmCondition;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Says which of a campaign's conditions a situation does not meet, in the marketer's words, for a simulation's
 * "why not". It reads the same {@link CampaignFacts} properties the generated rule tests, with the same
 * comparisons (an unknown number fails every comparison but {@code !=}), so its answer agrees with the rule.
 */
final class CampaignExplainer {

    private CampaignExplainer() {
    }

    /** The unmet conditions; empty when the campaign's rule would match. */
    static List<String> unmet(CampaignDefinition campaign, Situation situation) {
        CampaignFacts facts = new CampaignFacts(situation);
        List<String> unmet = new ArrayList<>();
        if (!campaign.enabled()) {
            unmet.add("the campaign is disabled (enabled: false)");
        }
        if (!campaign.eventType().equals(facts.getType())) {
            unmet.add("trigger: it starts on " + campaign.eventType() + ", the event is " + facts.getType());
        }
        for (String segment : campaign.segmentsIn()) {
            if (!facts.getSegments().contains(segment)) {
                unmet.add("audience.segments: not in segment '" + segment + "'");
            }
        }
        for (String segment : campaign.segmentsNotIn()) {
            if (facts.getSegments().contains(segment)) {
                unmet.add("audience.notSegments: in excluded segment '" + segment + "'");
            }
        }
        if (!campaign.countries().isEmpty() && !campaign.countries().contains(facts.getCountry())) {
            unmet.add("audience.country: " + (facts.getCountry() == null ? "no country on record"
                    : "country is " + facts.getCountry()) + ", not one of " + campaign.countries());
        }
        if (!campaign.rfmConditions().isEmpty() && !facts.isHasRfm()) {
            unmet.add("audience.rfm: no RFM scores on record");
        } else {
            for (RfmCondition condition : campaign.rfmConditions()) {
                int value = switch (condition.dimension()) {
                    case "recency" -> facts.getRecency();
                    case "frequency" -> facts.getFrequency();
                    default -> facts.getMonetary();
                };
                if (!condition.operator().test(value, condition.value())) {
                    unmet.add("audience.rfm: " + condition.dimension() + " is " + value + ", needs "
                            + condition.operator().symbol() + " " + condition.value());
                }
            }
        }
        for (AttributeCondition condition : campaign.customerConditions()) {
            check(facts, condition, "audience.conditions").ifPresent(unmet::add);
        }
        for (AttributeCondition condition : campaign.eventConditions()) {
            check(facts, condition, "trigger.conditions").ifPresent(unmet::add);
        }
        if (campaign.recommendation() != null) {
            String category = campaign.recommendation().category();
            double best = category == null ? facts.getBestScore() : facts.bestScore(category);
            if (!(best >= campaign.recommendation().minScore())) {
                unmet.add("recommendation: best score" + (category == null ? "" : " in " + category) + " is "
                        + (best < 0 ? "none" : String.valueOf(Math.round(best * 1000) / 1000.0)) + ", needs >= "
                        + campaign.recommendation().minScore());
            }
        }
        return unmet;
    }

    private static java.util.Optional<String> check(CampaignFacts facts, AttributeCondition condition, String where) {
        Object actual = property(facts, condition.attribute());
        boolean met;
        if (condition.type() == Vocabulary.AttributeType.NUMBER) {
            double value = actual instanceof Number n ? n.doubleValue() : Double.NaN;
            met = condition.operator().test(value, (Double) condition.value());
            actual = Double.isNaN(value) ? null : actual;
        } else {
            boolean equal = Objects.equals(actual, condition.value());
            met = condition.operator() == CampaignDefinition.Operator.NE ? !equal : equal;
        }
        if (met) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(where + ": " + condition.attribute() + " is "
                + (actual == null ? "unknown" : plain(actual)) + ", needs " + condition.operator().symbol() + " "
                + plain(condition.value()));
    }

    /** A number as a marketer wrote it: 20, not 20.0. */
    private static String plain(Object value) {
        if (value instanceof Double d && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    /** The value the rule reads: the fact's getter for the attribute's property ({@code cart_total} → getCartTotal). */
    private static Object property(CampaignFacts facts, String attribute) {
        String property = CampaignFacts.property(attribute);
        String getter = "get" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        try {
            return CampaignFacts.class.getMethod(getter).invoke(facts);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("no fact property for attribute " + attribute, e);
        }
    }
}
