package dev.herald.app.cli;

import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.experiment.store.Outcome;
import dev.herald.engine.experiment.store.WinnerDecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald ab evaluate CAMPAIGN [--min-users N] [--metric conversion|click|open]}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the auto-winner evaluation of a campaign's experiment once: when every arm has at least"
                + " --min-users customers, there is no sample-ratio mismatch and a variant beats control"
                + " by the always-valid sequential test after Holm's correction, the best such variant becomes the"
                + " winner and every customer exposed from then on gets it (their exposures are left out of the"
                + " report).",
                "Every evaluation is stored with its reason and printed. Run it on a schedule (e.g. daily): the"
                + " sequential test stays valid however often it is run, where stopping at the first fixed-sample"
                + " p < 0.05 would pick far more false winners.",
                "Exit code 0 when evaluated (winner or not), 1 when the campaign has no experiment."})
public class AbEvaluateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "The campaign id, e.g. welcome.")
    String campaign;

    @Option(names = "--min-users", paramLabel = "N", defaultValue = "1000",
            description = "Customers every arm needs before a winner may be decided (default: ${DEFAULT-VALUE}).")
    long minUsers;

    @Option(names = "--metric", paramLabel = "conversion|click|open", defaultValue = "conversion",
            description = "What counts as success (default: ${DEFAULT-VALUE}).")
    String metric;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Outcome.Kind kind;
        try {
            kind = Outcome.Kind.valueOf(metric.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metric must be conversion, click or open, was " + metric);
        }
        if (minUsers < 1) {
            throw new IllegalArgumentException("--min-users must be at least 1, was " + minUsers);
        }
        WinnerDecision decision;
        try (AbDatabase db = AbDatabase.openExisting(options.load(Map.of()))) {
            decision = new ExperimentService(db.transactions(), Clock.systemUTC())
                    .evaluateAutoWinner(campaign, kind, minUsers);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(decision.winner() == null ? "No winner yet for " + campaign + "."
                : "Winner for " + campaign + ": " + decision.winner());
        out.println("Reason: " + decision.reason());
        out.flush();
        return 0;
    }
}
