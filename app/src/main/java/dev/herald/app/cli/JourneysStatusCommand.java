package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.herald.app.HeraldConfig;
import dev.herald.app.rules.CampaignRules;
import dev.herald.engine.journey.Journey;
import dev.herald.engine.journey.JourneyDefinitions;
import dev.herald.engine.journey.JourneyInstance.Status;
import dev.herald.engine.journey.JourneyService;
import dev.herald.engine.journey.JourneyService.StepCount;
import dev.herald.engine.journey.JourneyStep;
import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.CampaignLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code herald journeys status CAMPAIGN [--json]}. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"How many customers are at each step of a journey: runs still active there (waiting out a"
                + " delay, or waiting for an event until its timeout, with the earliest due time), and runs that"
                + " ended there (completed, exited by an exit event or a holdout, failed).",
                "Steps are listed in the order of the campaign definition (herald.rules.dir, else the built-in"
                        + " campaigns); steps no longer defined are listed after them.",
                "Exit code 0, or 1 when the campaign is neither a journey nor has any runs on record."})
public class JourneysStatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "The campaign id, e.g. abandoned-cart.")
    String campaign;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    /** One step's line: runs there by status. */
    record StepLine(String step, String kind, long active, long completed, long exited, long failed, Instant nextDue) {
    }

    @Override
    public Integer call() throws Exception {
        HeraldConfig config = options.load(Map.of());
        Optional<Journey> journey = definitions(config).find(campaign);
        List<StepCount> counts;
        try (AbDatabase db = AbDatabase.openExisting(config)) {
            counts = new JourneyService(db.transactions(), JourneyDefinitions.NONE, Clock.systemUTC()).status(campaign);
        }
        if (journey.isEmpty() && counts.isEmpty()) {
            throw new IllegalArgumentException("campaign '" + campaign + "' is not a journey and has no journey runs"
                    + " on record");
        }
        List<StepLine> lines = lines(journey, counts);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("campaign", campaign);
            doc.put("defined", journey.isPresent());
            journey.ifPresent(j -> {
                doc.put("reentry", j.reentry().toString());
                doc.put("exitOn", j.exitOn().stream().sorted().toList());
            });
            List<Map<String, Object>> steps = new ArrayList<>();
            for (StepLine line : lines) {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("step", line.step());
                step.put("kind", line.kind());
                step.put("active", line.active());
                step.put("completed", line.completed());
                step.put("exited", line.exited());
                step.put("failed", line.failed());
                step.put("nextDue", line.nextDue() == null ? null : line.nextDue().toString());
                steps.add(step);
            }
            doc.put("steps", steps);
            Map<String, Long> totals = new LinkedHashMap<>();
            totals.put("active", lines.stream().mapToLong(StepLine::active).sum());
            totals.put("completed", lines.stream().mapToLong(StepLine::completed).sum());
            totals.put("exited", lines.stream().mapToLong(StepLine::exited).sum());
            totals.put("failed", lines.stream().mapToLong(StepLine::failed).sum());
            doc.put("totals", totals);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            out.println("Journey " + campaign + journey.map(j -> ": " + j.steps().size() + " steps, re-entry "
                    + j.reentry() + (j.exitOn().isEmpty() ? "" : ", exits on " + String.join(", ",
                    j.exitOn().stream().sorted().toList()))).orElse(" (no longer defined as a journey)"));
            String format = "%-24s %-6s %8s %10s %8s %7s  %s%n";
            out.printf(format, "STEP", "KIND", "ACTIVE", "COMPLETED", "EXITED", "FAILED", "NEXT DUE");
            for (StepLine line : lines) {
                out.printf(format, line.step(), line.kind(), line.active(), line.completed(), line.exited(),
                        line.failed(), line.nextDue() == null ? "" : line.nextDue().toString());
            }
            out.printf(format, "total", "", lines.stream().mapToLong(StepLine::active).sum(),
                    lines.stream().mapToLong(StepLine::completed).sum(), lines.stream().mapToLong(StepLine::exited).sum(),
                    lines.stream().mapToLong(StepLine::failed).sum(), "");
        }
        out.flush();
        return 0;
    }

    static List<StepLine> lines(Optional<Journey> journey, List<StepCount> counts) {
        Map<String, String> kinds = new LinkedHashMap<>();
        journey.ifPresent(j -> j.steps().forEach(s -> kinds.put(s.id(), kind(s))));
        counts.forEach(c -> kinds.putIfAbsent(c.step(), "?"));
        List<StepLine> lines = new ArrayList<>();
        kinds.forEach((step, kind) -> {
            long[] byStatus = new long[Status.values().length];
            Instant nextDue = null;
            for (StepCount c : counts) {
                if (c.step().equals(step)) {
                    byStatus[c.status().ordinal()] += c.runs();
                    if (c.status() == Status.ACTIVE) {
                        nextDue = c.nextWake();
                    }
                }
            }
            lines.add(new StepLine(step, kind, byStatus[Status.ACTIVE.ordinal()], byStatus[Status.COMPLETED.ordinal()],
                    byStatus[Status.EXITED.ordinal()], byStatus[Status.FAILED.ordinal()], nextDue));
        });
        return lines;
    }

    private static String kind(JourneyStep step) {
        if (step instanceof JourneyStep.Send) {
            return "send";
        }
        return step instanceof JourneyStep.Delay ? "delay" : "wait";
    }

    private static JourneyDefinitions definitions(HeraldConfig config) {
        var store = CampaignRules.store(config);
        if (!store.inFolder()) {
            return CampaignDecisionService.builtIn(CampaignRules.catalog()).journeys();
        }
        var ruleBase = new CampaignLoader(CampaignRules.catalog()).build(store.folder());
        return ruleBase::journey;
    }
}
