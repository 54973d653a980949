package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code herald reco}: product recommendations: offline evaluation and splits for it, one customer's top products,
 * retraining a running Herald.
 */
@Command(name = "reco", mixinStandardHelpOptions = true,
        description = {"Product recommendations: what Herald puts in emails and hands to campaign rules.",
                "Recommenders: " + RecoEvalCommand.ALGORITHMS_HELP},
        subcommands = {RecoEvalCommand.class, RecoSplitCommand.class, RecoRecommendCommand.class,
                RecoRetrainCommand.class, CommandLine.HelpCommand.class})
public class RecoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
