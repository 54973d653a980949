package dev.herald.rules.campaign;

import dev.herald.rules.campaign.CampaignDefinition.AttributeCondition;
import dev.herald.rules.campaign.CampaignDefinition.RfmCondition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles checked {@link CampaignDefinition}s into DRL by filling developer-owned templates
 * ({@code campaign-header.drl}, {@code campaign-rule.drl.template}). Marketer values only ever enter as
 * literals made by {@link #string} and {@link #number}, which re-check the value and refuse anything that could
 * end a literal, so a definition can change what a rule compares but never what it does.
 */
final class DrlGenerator {

    private static final String HEADER = resource("campaign-header.drl");
    private static final String RULE_TEMPLATE = resource("campaign-rule.drl.template");
    private static final Pattern PLACEHOLDER = Pattern.compile("@\\{(\\w+)}");

    private DrlGenerator() {
    }

    /** The DRL package header every generated file starts with. */
    static String header() {
        return HEADER;
    }

    /** One rule for one campaign: one pattern on {@link CampaignFacts}, one constraint per condition. */
    static String rule(CampaignDefinition campaign) {
        // Most selective and most shared first: Drools shares a constraint node between campaigns whose
        // constraints up to it are equal, and stops evaluating a campaign at its first false constraint.
        StringBuilder conditions = new StringBuilder();
        for (String segment : campaign.segmentsIn()) {
            conditions.append(",\n        segments contains ").append(string(segment));
        }
        for (String segment : campaign.segmentsNotIn()) {
            conditions.append(",\n        segments not contains ").append(string(segment));
        }
        if (!campaign.countries().isEmpty()) {
            conditions.append(",\n        ").append(property(Vocabulary.COUNTRY)).append(" in (")
                    .append(campaign.countries().stream().map(DrlGenerator::string).collect(Collectors.joining(", ")))
                    .append(")");
        }
        if (!campaign.rfmConditions().isEmpty()) {
            conditions.append(",\n        hasRfm == true");
            campaign.rfmConditions().forEach(condition -> conditions.append(", ").append(rfm(condition)));
        }
        for (AttributeCondition condition : campaign.customerConditions()) {
            conditions.append(attribute(condition));
        }
        for (AttributeCondition condition : campaign.eventConditions()) {
            conditions.append(attribute(condition));
        }
        String expectedValue = "0.0";
        if (campaign.recommendation() != null) {
            String score = campaign.recommendation().category() == null ? "bestScore"
                    : "bestScore(" + string(campaign.recommendation().category()) + ")";
            conditions.append(",\n        ").append(score).append(" >= ").append(number(campaign.recommendation().minScore()));
            expectedValue = campaign.recommendation().category() == null ? "$facts.getBestScore()" : "$facts." + score;
        }
        return fill(RULE_TEMPLATE, Map.of(
                "source", identifierChecked(campaign.id()) + " from " + campaign.file().replaceAll("[^\\w./ -]", "_")
                        + ":" + campaign.line(),
                "ruleName", string("campaign " + identifierChecked(campaign.id())),
                "eventType", string(knownEventType(campaign.eventType())),
                "campaignId", string(identifierChecked(campaign.id())),
                "conditions", conditions.toString(),
                "expectedValue", expectedValue));
    }

    /** All enabled campaigns in one DRL text (a disabled campaign has no rule, so it never starts). */
    static String ruleBase(Collection<CampaignDefinition> campaigns) {
        StringBuilder drl = new StringBuilder(HEADER);
        campaigns.stream().filter(CampaignDefinition::enabled).forEach(campaign -> drl.append(rule(campaign)));
        return drl.toString();
    }

    private static String attribute(AttributeCondition condition) {
        boolean known = condition.scope().equals("event")
                ? Vocabulary.eventTypes().stream().anyMatch(type -> Vocabulary.eventAttribute(type, condition.attribute()).isPresent())
                : Vocabulary.customerAttribute(condition.attribute()).isPresent();
        if (!known) {
            throw new IllegalArgumentException("refusing an attribute outside the vocabulary: "
                    + CampaignBinder.printable(condition.attribute()));
        }
        String literal = condition.type() == Vocabulary.AttributeType.NUMBER
                ? number((Double) condition.value()) : string((String) condition.value());
        return ",\n        " + property(condition.attribute()) + " " + condition.operator().symbol() + " " + literal;
    }

    private static String property(String attribute) {
        String property = CampaignFacts.property(attribute);
        if (!property.matches("[a-z][A-Za-z0-9]*")) { // letters and digits only: nothing else reaches the DRL
            throw new IllegalArgumentException("not a property name: " + property);
        }
        return property;
    }

    private static String rfm(RfmCondition condition) {
        if (!condition.dimension().matches("recency|frequency|monetary")) {
            throw new IllegalArgumentException("not an RFM dimension: " + condition.dimension());
        }
        return condition.dimension() + " " + condition.operator().symbol() + " " + condition.value();
    }

    /**
     * A DRL string literal. Only {@link CampaignBinder#SAFE_TEXT} values are accepted (no quote, backslash,
     * dollar, brace or line break), and quotes and backslashes are escaped all the same.
     */
    static String string(String value) {
        if (value == null || !CampaignBinder.SAFE_TEXT.matcher(value).matches()) {
            throw new IllegalArgumentException("refusing to put this value into a rule: " + CampaignBinder.printable(value));
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A DRL number literal in plain notation (no exponent), from a finite double. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("refusing a non-finite number: " + value);
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    private static String knownEventType(String eventType) {
        if (!Vocabulary.ruleEventTypes().contains(eventType)) {
            throw new IllegalArgumentException("refusing an unknown event type: " + CampaignBinder.printable(eventType));
        }
        return eventType;
    }

    private static String identifierChecked(String id) {
        if (id == null || !CampaignBinder.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("refusing this name in a rule: " + CampaignBinder.printable(id));
        }
        return id;
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("template placeholder without a value: " + matcher.group(1));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = DrlGenerator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing DRL template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
