package dev.herald.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.regex.Pattern;

/**
 * How a campaign splits its audience: named arms with weights (each arm fixes a subject, a template or
 * content, see {@link Arm#factors()}), an optional holdout share that receives nothing, and the salt that
 * makes assignment independent between experiments.
 *
 * @param salt         mixed into the hash so the same customer lands independently in different experiments
 * @param holdoutShare share of the audience (0 ≤ share &lt; 1) held out: recorded, never sent anything
 * @param arms         the arms that receive an email, with relative weights
 */
public record ExperimentDesign(String salt, double holdoutShare, List<Arm> arms) {

    /** The variant name under which holdout customers are recorded and reported. */
    public static final String HOLDOUT = "holdout";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+=-]{0,49}");

    public ExperimentDesign {
        if (salt == null || salt.isBlank()) {
            throw new IllegalArgumentException("an experiment needs a non-empty salt");
        }
        if (!(holdoutShare >= 0 && holdoutShare < 1)) {
            throw new IllegalArgumentException("holdout share must be in [0, 1), was " + holdoutShare);
        }
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one arm");
        }
        arms = List.copyOf(arms);
        Set<String> names = new HashSet<>();
        for (Arm arm : arms) {
            if (!names.add(arm.name())) {
                throw new IllegalArgumentException("duplicate arm name " + arm.name());
            }
            if (arm.name().equals(HOLDOUT)) {
                throw new IllegalArgumentException("\"" + HOLDOUT + "\" is reserved for the holdout group");
            }
        }
    }

    /** Arms with equal weights and no holdout: the everyday A/B test. */
    public static ExperimentDesign split(String salt, String... armNames) {
        List<Arm> arms = new ArrayList<>();
        for (String name : armNames) {
            arms.add(new Arm(name, 1.0, Map.of()));
        }
        return new ExperimentDesign(salt, 0, arms);
    }

    /**
     * A full-factorial multivariate design: every combination of the factors' levels is an arm (2 subjects ×
     * 2 templates = 4 arms), weighted by the product of the levels' weights, named by joining the level names
     * with "+" in factor order (e.g. {@code short+hero}).
     */
    public static ExperimentDesign multivariate(String salt, double holdoutShare,
            Map<String, List<Level>> factors) {
        if (factors.isEmpty()) {
            throw new IllegalArgumentException("a multivariate design needs at least one factor");
        }
        record Partial(String name, double weight, Map<String, String> factors) {
        }
        List<Partial> partials = List.of(new Partial("", 1.0, Map.of()));
        for (Map.Entry<String, List<Level>> factor : factors.entrySet()) {
            if (factor.getValue().isEmpty()) {
                throw new IllegalArgumentException("factor " + factor.getKey() + " has no levels");
            }
            List<Partial> next = new ArrayList<>();
            for (Partial partial : partials) {
                for (Level level : factor.getValue()) {
                    Map<String, String> settings = new LinkedHashMap<>(partial.factors());
                    settings.put(factor.getKey(), level.value());
                    String name = partial.name().isEmpty() ? level.name() : partial.name() + "+" + level.name();
                    next.add(new Partial(name, partial.weight() * level.weight(), settings));
                }
            }
            partials = next;
        }
        List<Arm> arms = partials.stream().map(p -> new Arm(p.name(), p.weight(), p.factors())).toList();
        return new ExperimentDesign(salt, holdoutShare, arms);
    }

    double totalWeight() {
        return arms.stream().mapToDouble(Arm::weight).sum();
    }

    /**
     * An arm: its name (the outbox's variant), relative weight, and what it sets, e.g.
     * {@code subject → "Last chance: 20 % off"}, {@code template → "spring-hero"}.
     */
    public record Arm(String name, double weight, Map<String, String> factors) {

        public Arm {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("arm name must be 1-50 letters, digits or _.+=-, was " + name);
            }
            if (!(weight > 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("arm " + name + ": weight must be > 0, was " + weight);
            }
            factors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(factors));
        }
    }

    /** One level of a factor: its short name (part of the arm name), weight and value (subject text, template key). */
    public record Level(String name, double weight, String value) {

        public static Level of(String name, String value) {
            return new Level(name, 1.0, value);
        }
    }
}
