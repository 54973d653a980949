package dev.herald.engine.experiment.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.experiment.stats.Interval;

/**
 * The report as JSON, with the key names of the {@code herald ab report} contract (snake_case, intervals as
 * {@code [low, high]}, {@code null} for what cannot be computed). Built node by node so the keys and their
 * order are the contract, not an accident of field names.
 */
public final class AbReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String write(AbReport report) {
        try {
            return MAPPER.writeValueAsString(tree(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write report JSON", e);
        }
    }

    public ObjectNode tree(AbReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("control", report.control());
        root.put("alpha", report.alpha());
        root.put("metric", report.metric());
        ObjectNode srm = root.putObject("srm");
        number(srm, "chi2", report.srm().chi2());
        srm.put("df", report.srm().df());
        number(srm, "p_value", report.srm().pValue());
        srm.put("mismatch", report.srm().mismatch());

        ArrayNode variants = root.putArray("variants");
        for (AbReport.VariantResult v : report.variants()) {
            ObjectNode node = variants.addObject();
            node.put("name", v.name());
            node.put("users", v.users());
            node.put("conversions", v.conversions());
            number(node, "rate", v.rate());
            interval(node, "rate_ci", v.rateCi());
            number(node, "chance_to_be_best", v.chanceToBeBest());
            if (v.weight() != null) {
                node.put("weight", v.weight());
            }
            if (v.revenuePerUser() != null) {
                node.put("revenue_per_user", v.revenuePerUser());
            }
        }
        ArrayNode comparisons = root.putArray("comparisons");
        for (AbReport.Comparison c : report.comparisons()) {
            ObjectNode node = comparisons.addObject();
            node.put("variant", c.variant());
            node.put("control", c.control());
            number(node, "abs_diff", c.absDiff());
            interval(node, "abs_ci", c.absCi());
            number(node, "rel_diff", c.relDiff());
            interval(node, "rel_ci", c.relCi());
            number(node, "z", c.z());
            number(node, "p_value", c.pValue());
            number(node, "p_value_holm", c.pValueHolm());
            number(node, "chance_to_beat_control", c.chanceToBeatControl());
            number(node, "sequential_p", c.sequentialP());
            number(node, "sequential_p_holm", c.sequentialPHolm());
            interval(node, "sequential_abs_ci", c.sequentialAbsCi());
        }
        if (report.revenueComparisons() != null) {
            ArrayNode revenue = root.putArray("revenue_comparisons");
            for (AbReport.RevenueComparison r : report.revenueComparisons()) {
                ObjectNode node = revenue.addObject();
                node.put("variant", r.variant());
                node.put("control", r.control());
                number(node, "mean_diff", r.meanDiff());
                interval(node, "ci", r.ci());
                number(node, "t", r.t());
                number(node, "df", r.df());
                number(node, "p_value", r.pValue());
                number(node, "sequential_p", r.sequentialP());
                interval(node, "sequential_ci", r.sequentialCi());
            }
        }
        AbReport.Planning planning = report.planning();
        ObjectNode plan = root.putObject("planning");
        plan.put("minimum_detectable_effect", planning.minimumDetectableEffect());
        plan.put("power", planning.power());
        count(plan, "required_users_per_arm", planning.requiredUsersPerArm());
        count(plan, "planned_users_per_arm", planning.plannedUsersPerArm());
        plan.put("smallest_arm", planning.smallestArm());
        number(plan, "detectable_lift_now", planning.detectableLiftNow());
        count(plan, "days_to_target", planning.daysToTarget());
        ArrayNode warnings = root.putArray("warnings");
        for (AbReport.Warning w : report.warnings()) {
            warnings.addObject().put("code", w.code()).put("message", w.message());
        }
        root.put("headline", report.headline());
        ArrayNode sentences = root.putArray("summary");
        report.sentences().forEach(sentences::add);
        return root;
    }

    private static void number(ObjectNode node, String key, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static void count(ObjectNode node, String key, Long value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static void interval(ObjectNode node, String key, Interval interval) {
        if (interval == null) {
            node.putNull(key);
        } else {
            node.putArray(key).add(interval.low()).add(interval.high());
        }
    }
}
