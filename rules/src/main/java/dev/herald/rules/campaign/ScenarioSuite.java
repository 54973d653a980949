package dev.herald.rules.campaign;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Marketers' scenario files ({@code scenarios/*.yaml} next to the campaigns): "given this customer and event,
 * expect campaign X" or "expect nothing". Each file is a list of scenarios:
 *
 * <pre>
 * - name: a new customer gets the welcome email
 *   customer: {id: C1}
 *   event: {type: customer_signed_up, at: 2026-11-23T10:00:00Z}
 *   expect: welcome          # or: nothing
 * </pre>
 */
public final class ScenarioSuite {

    /** Expected outcome meaning no campaign goes out. */
    public static final String NOTHING = "nothing";

    /** One scenario's result; {@code problem} explains a failure, or a scenario that could not be run. */
    public record Result(String file, String name, String expected, String actual, boolean passed, String problem,
                         Verdict verdict) {
    }

    private ScenarioSuite() {
    }

    /** Runs every scenario file in {@code folder/scenarios} against the rule base. */
    public static List<Result> run(Path campaignsFolder, CampaignRuleBase ruleBase) {
        Path folder = campaignsFolder.resolve(CampaignLoader.SCENARIOS_FOLDER);
        List<Result> results = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return results;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList()) {
                results.addAll(runFile(campaignsFolder.relativize(file).toString(), Files.readString(file), ruleBase));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    static List<Result> runFile(String file, String text, CampaignRuleBase ruleBase) {
        List<Result> results = new ArrayList<>();
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(file).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            results.add(new Result(file, "(file)", "", "", false, "YAML syntax: " + e.getMessage(), null));
            return results;
        }
        if (!(document instanceof List<?> scenarios)) {
            results.add(new Result(file, "(file)", "", "", false, "a scenario file must be a list of scenarios", null));
            return results;
        }
        int index = 0;
        for (Object item : scenarios) {
            index++;
            String name = "scenario " + index;
            try {
                if (!(item instanceof Map<?, ?> scenario)) {
                    throw new IllegalArgumentException("a scenario must be a mapping with name, customer, event, expect");
                }
                name = scenario.get("name") == null ? name : String.valueOf(scenario.get("name"));
                Object expect = scenario.get("expect");
                if (expect == null) {
                    throw new IllegalArgumentException("missing 'expect' (a campaign id, or nothing)");
                }
                String expected = String.valueOf(expect);
                if (!expected.equals(NOTHING) && !ruleBase.campaigns().containsKey(expected)) {
                    throw new IllegalArgumentException("expects unknown campaign '" + expected + "'");
                }
                Situation situation = SituationReader.read((Map<String, Object>) mapOrEmpty(scenario.get("customer")),
                        (Map<String, Object>) mapOrEmpty(scenario.get("event")));
                Verdict verdict = ruleBase.evaluate(situation);
                String actual = verdict.winner().orElse(NOTHING);
                boolean passed = actual.equals(expected);
                results.add(new Result(file, name, expected, actual, passed,
                        passed ? "" : "expected " + expected + ", got " + actual, verdict));
            } catch (IllegalArgumentException | ClassCastException e) {
                results.add(new Result(file, name, "", "", false, e.getMessage(), null));
            }
        }
        return results;
    }

    private static Object mapOrEmpty(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("customer and event must be mappings");
        }
        return value;
    }
}
