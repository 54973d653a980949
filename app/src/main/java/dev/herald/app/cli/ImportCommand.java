package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald import}: load customer data files into Herald's database. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Load customer data into Herald's database (the one 'herald run' uses), through the same"
                + " tables as live events. Every import is idempotent: running it again adds nothing."},
        subcommands = {ImportTransactionsCommand.class, ImportCustomersCommand.class, CommandLine.HelpCommand.class})
public class ImportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
