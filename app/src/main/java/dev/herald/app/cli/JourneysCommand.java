package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald journeys}: multi-step campaigns. */
@Command(name = "journeys", mixinStandardHelpOptions = true,
        description = {"Journeys: multi-step campaigns (send, delay, wait for an event) defined under 'journey:' in"
                + " the campaign definitions (docs/campaigns.md)."},
        subcommands = {JourneysStatusCommand.class, CommandLine.HelpCommand.class})
public class JourneysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
