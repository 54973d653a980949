package dev.herald.engine.experiment.report;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.experiment.stats.SampleSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the A/B report input (the format of {@code herald ab report --input}, see docs/ab-statistics.md).
 * Strict: an unknown key, a wrong type, a count out of range or a duplicate variant is an
 * {@link AbInputException} naming the file, the line and the reason, so a typo never yields a silently wrong
 * report.
 */
public final class AbInputReader {

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("control", "alpha", "metric",
            "minimum_detectable_effect", "power", "planned_users_per_arm", "variants");
    private static final Set<String> VARIANT_KEYS = Set.of("name", "users", "conversions", "weight", "revenue",
            "daily");
    private static final Set<String> SUMMARY_KEYS = Set.of("n", "mean", "variance");
    private static final Set<String> DAY_KEYS = Set.of("date", "users", "conversions");

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public AbInput read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AbInputException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
        return read(text, file.toString());
    }

    /** Parses {@code json}; {@code source} names it in error messages. */
    public AbInput read(String json, String source) {
        Lines lines = new Lines(source, indexLines(json, source));
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e);
        }
        if (root == null || !root.isObject()) {
            throw lines.error("", "expected a JSON object with \"control\" and \"variants\"");
        }
        checkKeys(root, "", TOP_LEVEL_KEYS, lines);
        String control = requiredText(root, "control", "", lines);
        double alpha = optionalProbability(root, "alpha", AbInput.DEFAULT_ALPHA, lines);
        String metric = root.has("metric") ? requiredText(root, "metric", "", lines) : AbInput.DEFAULT_METRIC;
        double mde = AbInput.DEFAULT_MINIMUM_DETECTABLE_EFFECT;
        if (root.has("minimum_detectable_effect")) {
            mde = number(root.get("minimum_detectable_effect"), "/minimum_detectable_effect", lines);
            if (!(mde > 0)) {
                throw lines.error("/minimum_detectable_effect", "minimum_detectable_effect must be a relative lift > 0"
                        + " (0.10 = +10 %), was " + mde);
            }
        }
        double power = optionalProbability(root, "power", AbInput.DEFAULT_POWER, lines);
        Long planned = root.has("planned_users_per_arm")
                ? count(root.get("planned_users_per_arm"), "/planned_users_per_arm", lines) : null;

        JsonNode variantsNode = root.get("variants");
        if (variantsNode == null || !variantsNode.isArray()) {
            throw lines.error(variantsNode == null ? "" : "/variants", "\"variants\" must be an array of variants");
        }
        if (variantsNode.size() < 2) {
            throw lines.error("/variants", "need at least two variants (control and one more), got "
                    + variantsNode.size());
        }
        List<AbInput.Variant> variants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int withWeight = 0;
        for (int i = 0; i < variantsNode.size(); i++) {
            AbInput.Variant variant = variant(variantsNode.get(i), "/variants/" + i, lines);
            if (!names.add(variant.name())) {
                throw lines.error("/variants/" + i + "/name", "duplicate variant name \"" + variant.name() + "\"");
            }
            if (variant.weight() != null) {
                withWeight++;
            }
            variants.add(variant);
        }
        if (withWeight != 0 && withWeight != variants.size()) {
            throw lines.error("/variants", "give \"weight\" for every variant or for none (none = equal split)");
        }
        if (!names.contains(control)) {
            throw lines.error("/control", "control \"" + control + "\" is not one of the variants " + names);
        }
        boolean revenueOnControl = variants.stream().filter(v -> v.name().equals(control)).findFirst()
                .orElseThrow().revenue() != null;
        long withRevenue = variants.stream().filter(v -> v.revenue() != null).count();
        if (withRevenue != 0 && (withRevenue != variants.size() || !revenueOnControl)) {
            throw lines.error("/variants", "give \"revenue\" for every variant or for none");
        }
        return new AbInput(control, alpha, metric, mde, power, planned, variants);
    }

    private AbInput.Variant variant(JsonNode node, String pointer, Lines lines) {
        if (!node.isObject()) {
            throw lines.error(pointer, "each variant must be an object with name, users and conversions");
        }
        checkKeys(node, pointer, VARIANT_KEYS, lines);
        String name = requiredText(node, "name", pointer, lines);
        if (!node.has("users")) {
            throw lines.error(pointer, "variant \"" + name + "\": missing \"users\"");
        }
        if (!node.has("conversions")) {
            throw lines.error(pointer, "variant \"" + name + "\": missing \"conversions\"");
        }
        long users = count(node.get("users"), pointer + "/users", lines);
        long conversions = count(node.get("conversions"), pointer + "/conversions", lines);
        if (conversions > users) {
            throw lines.error(pointer + "/conversions", "variant \"" + name + "\": conversions (" + conversions
                    + ") exceed users (" + users + ")");
        }
        Double weight = null;
        if (node.has("weight")) {
            weight = number(node.get("weight"), pointer + "/weight", lines);
            if (!(weight > 0)) {
                throw lines.error(pointer + "/weight", "variant \"" + name + "\": weight must be > 0, was " + weight);
            }
        }
        SampleSummary revenue = node.has("revenue") ? revenue(node.get("revenue"), pointer + "/revenue", name, users,
                lines) : null;
        List<AbInput.Day> daily = node.has("daily") ? daily(node.get("daily"), pointer + "/daily", name, lines)
                : List.of();
        return new AbInput.Variant(name, users, conversions, weight, revenue, daily);
    }

    private SampleSummary revenue(JsonNode node, String pointer, String name, long users, Lines lines) {
        if (node.isArray()) {
            if (node.size() > users) {
                throw lines.error(pointer, "variant \"" + name + "\": " + node.size() + " revenue values for "
                        + users + " users (list one value per recipient, or only the buyers')");
            }
            double[] values = new double[node.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = number(node.get(i), pointer + "/" + i, lines);
            }
            return SampleSummary.of(values, users - values.length);
        }
        if (node.isObject()) {
            checkKeys(node, pointer, SUMMARY_KEYS, lines);
            for (String key : List.of("n", "mean", "variance")) {
                if (!node.has(key)) {
                    throw lines.error(pointer, "variant \"" + name + "\": revenue summary needs \"n\", \"mean\" and"
                            + " \"variance\" (sample variance), missing \"" + key + "\"");
                }
            }
            long n = count(node.get("n"), pointer + "/n", lines);
            double mean = number(node.get("mean"), pointer + "/mean", lines);
            double variance = number(node.get("variance"), pointer + "/variance", lines);
            if (variance < 0) {
                throw lines.error(pointer + "/variance", "variance must be >= 0, was " + variance);
            }
            return new SampleSummary(n, mean, variance);
        }
        throw lines.error(pointer, "variant \"" + name + "\": \"revenue\" must be a list of values per recipient"
                + " or {\"n\": …, \"mean\": …, \"variance\": …}");
    }

    private List<AbInput.Day> daily(JsonNode node, String pointer, String name, Lines lines) {
        if (!node.isArray()) {
            throw lines.error(pointer, "variant \"" + name + "\": \"daily\" must be a list of"
                    + " {\"date\": \"YYYY-MM-DD\", \"users\": …, \"conversions\": …}");
        }
        List<AbInput.Day> days = new ArrayList<>();
        LocalDate previous = null;
        for (int i = 0; i < node.size(); i++) {
            String dayPointer = pointer + "/" + i;
            JsonNode day = node.get(i);
            if (!day.isObject()) {
                throw lines.error(dayPointer, "each day must be an object with date, users and conversions");
            }
            checkKeys(day, dayPointer, DAY_KEYS, lines);
            LocalDate date;
            try {
                date = LocalDate.parse(requiredText(day, "date", dayPointer, lines));
            } catch (DateTimeParseException e) {
                throw lines.error(dayPointer + "/date", "date must be YYYY-MM-DD, was " + day.get("date"));
            }
            if (previous != null && !date.isAfter(previous)) {
                throw lines.error(dayPointer + "/date", "days must be in increasing date order");
            }
            previous = date;
            long users = day.has("users") ? count(day.get("users"), dayPointer + "/users", lines) : 0;
            long conversions = day.has("conversions")
                    ? count(day.get("conversions"), dayPointer + "/conversions", lines) : 0;
            days.add(new AbInput.Day(date, users, conversions));
        }
        return days;
    }

    private static void checkKeys(JsonNode node, String pointer, Set<String> allowed, Lines lines) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!allowed.contains(key)) {
                throw lines.error(pointer + "/" + key, "unknown key \"" + key + "\" (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String requiredText(JsonNode node, String key, String pointer, Lines lines) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw lines.error(pointer, "missing \"" + key + "\"");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw lines.error(pointer + "/" + key, "\"" + key + "\" must be a non-empty string, was " + value);
        }
        return value.asText();
    }

    private double optionalProbability(JsonNode root, String key, double defaultValue, Lines lines) {
        if (!root.has(key)) {
            return defaultValue;
        }
        double value = number(root.get(key), "/" + key, lines);
        if (!(value > 0 && value < 1)) {
            throw lines.error("/" + key, "\"" + key + "\" must be between 0 and 1 (exclusive), was " + value);
        }
        return value;
    }

    private static double number(JsonNode node, String pointer, Lines lines) {
        if (node == null || !node.isNumber()) {
            throw lines.error(pointer, lastSegment(pointer) + " must be a number, was " + node);
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            throw lines.error(pointer, lastSegment(pointer) + " is too large: " + node);
        }
        return value;
    }

    private static long count(JsonNode node, String pointer, Lines lines) {
        if (node == null || !node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw lines.error(pointer, lastSegment(pointer) + " must be a whole number, was " + node);
        }
        long value = node.asLong();
        if (value < 0) {
            throw lines.error(pointer, lastSegment(pointer) + " must not be negative, was " + value);
        }
        return value;
    }

    private static String lastSegment(String pointer) {
        return "\"" + pointer.substring(pointer.lastIndexOf('/') + 1) + "\"";
    }

    private static AbInputException syntaxError(String source, JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return new AbInputException(source, line, "invalid JSON: " + e.getOriginalMessage());
    }

    /** Maps JSON pointers ("/variants/1/users") to the line they start on, from a streaming pass. */
    private Map<String, Integer> indexLines(String json, String source) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonStreamContext context = parser.getParsingContext();
                if (token == JsonToken.FIELD_NAME) {
                    lines.putIfAbsent(context.pathAsPointer().toString(), line);
                } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    JsonStreamContext parent = context.getParent();
                    lines.putIfAbsent(parent == null ? "" : parent.pathAsPointer().toString(), line);
                } else if (token.isScalarValue() && context.inArray()) {
                    lines.putIfAbsent(context.pathAsPointer().toString(), line);
                }
            }
        } catch (JsonParseException e) {
            throw syntaxError(source, e);
        } catch (IOException e) {
            throw new AbInputException(source, 0, "cannot read: " + e.getMessage());
        }
        return lines;
    }

    private record Lines(String source, Map<String, Integer> byPointer) {

        AbInputException error(String pointer, String reason) {
            String p = pointer;
            while (true) {
                Integer line = byPointer.get(p);
                if (line != null) {
                    return new AbInputException(source, line, reason);
                }
                if (p.isEmpty()) {
                    return new AbInputException(source, 0, reason);
                }
                p = p.substring(0, p.lastIndexOf('/'));
            }
        }
    }
}
