package dev.herald.app.cli;

import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.store.ExperimentService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald ab define CAMPAIGN --arms A:0.5,B:0.5 [--holdout 0.1] [--control A] [--window-hours 72]}. */
@Command(name = "define", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start an experiment on a campaign. From then on, every customer the campaign decides for is"
                + " assigned an arm (sticky: a customer keeps their arm; the assignment is a hash of the salt and the"
                + " customer id) and the exposure is stored in the same transaction as the email. Held-out customers"
                + " are recorded and sent nothing, which makes them the control for conversions.",
                "An arm's email is the template's variant folder <template>/variants/<arm>/ where it has one, else"
                        + " the template itself. The experiment wins over a variant split in the campaign's"
                        + " definition.",
                "Orders within --window-hours after a customer's exposure count as conversions of their arm.",
                "Works on the database of --data-dir (or herald.jdbc.url), also while Herald runs.",
                "Exit code 0 when defined, 1 when the campaign already has an experiment or the input is invalid."})
public class AbDefineCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "The campaign id, e.g. welcome.")
    String campaign;

    @Option(names = "--arms", paramLabel = "NAME[:WEIGHT],...", defaultValue = "A:0.5,B:0.5",
            description = "The arms and their relative weights (default: ${DEFAULT-VALUE}); a name without a"
                    + " weight weighs 1.")
    String arms;

    @Option(names = "--holdout", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of customers held out: recorded, sent nothing (0 to below 1; default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--control", paramLabel = "ARM",
            description = "The arm the others are compared with (default: the holdout when there is one, else the"
                    + " first arm).")
    String control;

    @Option(names = "--window-hours", paramLabel = "HOURS", defaultValue = "72",
            description = "Attribution window for conversions, in hours (default: ${DEFAULT-VALUE}).")
    long windowHours;

    @Option(names = "--salt", paramLabel = "TEXT",
            description = "Assignment salt (default: the campaign id). A new salt reshuffles customers; keep it"
                    + " for the life of the experiment.")
    String salt;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ExperimentDesign design = new ExperimentDesign(salt == null ? campaign : salt, holdout, parseArms(arms));
        // defining before the first run is fine: the database is created (and migrated) where Herald will run
        try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
            new ExperimentService(db.transactions(), Clock.systemUTC())
                    .define(campaign, design, control, Duration.ofHours(windowHours));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Experiment defined for campaign %s: arms %s, holdout %s, attribution window %d h%n", campaign,
                arms, holdout, windowHours);
        out.flush();
        return 0;
    }

    /** "A:0.5,B:0.5" or "A,B" into arms; a clear message names the part that is wrong. */
    static List<ExperimentDesign.Arm> parseArms(String text) {
        List<ExperimentDesign.Arm> result = new ArrayList<>();
        for (String part : text.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("--arms: empty arm in '" + text + "'");
            }
            int colon = item.indexOf(':');
            String name = colon < 0 ? item : item.substring(0, colon).strip();
            double weight = 1;
            if (colon >= 0) {
                try {
                    weight = Double.parseDouble(item.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--arms: weight of arm '" + name + "' is not a number: '"
                            + item.substring(colon + 1) + "'");
                }
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("--arms: weight of arm '" + name + "' must be positive");
            }
            result.add(new ExperimentDesign.Arm(name, weight, Map.of()));
        }
        return result;
    }
}
