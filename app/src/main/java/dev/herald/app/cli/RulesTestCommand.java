package dev.herald.app.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.rules.RuleCompilationException;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignOutcome;
import dev.herald.rules.campaign.CampaignRuleBase;
import dev.herald.rules.campaign.ScenarioSuite;
import dev.herald.rules.campaign.SituationReader;
import dev.herald.rules.campaign.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald rules test DIR [--customer JSON --event JSON]}. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Simulate campaigns without sending anything.",
                "With --customer and --event: print which campaigns match that event, which one wins and why, and"
                        + " which were suppressed (consent, caps, holdout, quiet hours, valid dates).",
                "Without them: run every scenario in DIR/scenarios/*.yaml ('given this customer and event, expect"
                        + " campaign X or nothing') and exit 1 if any fails.",
                "Example: herald rules test rules/campaigns --customer '{\"id\":\"C1\",\"orderCount\":1}'"
                        + " --event '{\"type\":\"order_completed\",\"total\":25}'"})
public class RulesTestCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "DIR", description = "The campaigns folder, e.g. rules/campaigns.")
    Path folder;

    @Option(names = "--customer", paramLabel = "JSON|@FILE|ID",
            description = "The customer: JSON such as {\"id\":\"C1\",\"country\":\"France\",\"orderCount\":3,"
                    + "\"segments\":[\"At risk\"],\"consent\":{\"email\":true}}, or @file.json, or a customer id"
                    + " from DIR/scenarios/customers.json (an object of customers by id). See docs/campaigns.md.")
    String customer;

    @Option(names = "--event", paramLabel = "JSON|@FILE",
            description = "The event: JSON such as {\"type\":\"order_completed\",\"at\":\"2026-11-23T10:00:00Z\","
                    + "\"total\":25}, or @file.json.")
    String event;

    @Override
    public Integer call() throws Exception {
        CampaignRuleBase ruleBase;
        try {
            ruleBase = new CampaignLoader(RulesCommand.catalog()).build(folder);
        } catch (RuleCompilationException e) {
            System.err.println(e.getMessage());
            System.err.println("Run 'herald rules validate " + folder + "' for details.");
            return 1;
        }
        if (customer == null && event == null) {
            return runSuite(ruleBase);
        }
        if (customer == null || event == null) {
            throw new IllegalArgumentException("give both --customer and --event, or neither to run the scenarios");
        }
        Verdict verdict = ruleBase.evaluate(SituationReader.read(customer(), json(event, "--event")));
        print(verdict, "");
        return 0;
    }

    private int runSuite(CampaignRuleBase ruleBase) {
        List<ScenarioSuite.Result> results = ScenarioSuite.run(folder, ruleBase);
        if (results.isEmpty()) {
            System.err.println("no scenarios in " + folder.resolve(CampaignLoader.SCENARIOS_FOLDER));
            return 1;
        }
        long failed = 0;
        for (ScenarioSuite.Result result : results) {
            System.out.printf("%s %s: %s%n", result.passed() ? "PASS" : "FAIL", result.file(), result.name());
            if (!result.passed()) {
                failed++;
                System.out.println("     " + result.problem());
                if (result.verdict() != null) {
                    print(result.verdict(), "     ");
                }
            }
        }
        System.out.printf("%d scenarios, %d passed, %d failed%n", results.size(), results.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }

    private static void print(Verdict verdict, String indent) {
        if (verdict.outcomes().isEmpty()) {
            System.out.println(indent + "no campaign matches");
        }
        for (CampaignOutcome outcome : verdict.outcomes()) {
            System.out.printf("%s%-9s %s — %s%n", indent, outcome.status().name().toLowerCase(), outcome.campaign(),
                    outcome.reason());
        }
        System.out.println(indent + "decision: " + verdict.decision().map(d -> d.campaign() + " → template "
                + d.templateKey() + ", variant " + d.variant() + (d.delay().isZero() ? "" : ", after " + d.delay())
                + (d.cancelOnEvent() == null ? "" : ", cancelled by " + d.cancelOnEvent())).orElse("nothing goes out"));
    }

    /** The customer option as JSON, a JSON file, or an id looked up in the scenario customers. */
    private Map<String, Object> customer() throws Exception {
        String text = customer.strip();
        if (text.startsWith("{") || text.startsWith("@")) {
            return json(text, "--customer");
        }
        Path fixtures = folder.resolve(CampaignLoader.SCENARIOS_FOLDER).resolve("customers.json");
        if (!Files.isRegularFile(fixtures)) {
            throw new IllegalArgumentException("--customer " + text + " is an id, but there is no " + fixtures
                    + " to look it up in; give the customer as JSON instead");
        }
        Object found = json("@" + fixtures, "customers.json").get(text);
        if (!(found instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("no customer " + text + " in " + fixtures);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new java.util.HashMap<>((Map<String, Object>) map);
        fields.putIfAbsent("id", text);
        return fields;
    }

    private static Map<String, Object> json(String value, String option) throws Exception {
        String text = value.startsWith("@") ? Files.readString(Path.of(value.substring(1))) : value;
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(option + " is not a JSON object: " + e.getOriginalMessage());
        }
    }
}
