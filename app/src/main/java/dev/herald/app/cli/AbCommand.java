package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald ab}: A/B and multivariate experiment tools. */
@Command(name = "ab", mixinStandardHelpOptions = true,
        description = {"A/B and multivariate experiments: statistically sound reports for campaign teams.",
                "Formulas and how the numbers were verified: docs/ab-statistics.md."},
        subcommands = {AbDefineCommand.class, AbReportCommand.class, AbEvaluateCommand.class,
                AbGlobalControlCommand.class,
                CommandLine.HelpCommand.class})
public class AbCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
