package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code herald} command line. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = HeraldVersion.class,
        description = {
                "Herald: event-driven marketing automation.",
                "Customer events come in over JMS (ActiveMQ Artemis) or HTTP, campaign rules (Drools) decide, and"
                        + " personalised emails go out over SMTP, each exactly once.",
                ""},
        subcommands = {RunCommand.class, DemoCommand.class, RulesCommand.class, AbCommand.class, ImportCommand.class, SegmentCommand.class,
                RecoCommand.class, BenchCommand.class, TemplatesCommand.class, JourneysCommand.class,
                ConsentCommand.class, SuppressCommand.class, PrivacyCommand.class, EngagementCommand.class, UsersCommand.class,
                LifetimeCommand.class, CampaignsCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'herald help COMMAND' or 'herald COMMAND --help' for a command's options.",
                "Documentation: README.md in the source tree."})
public class HeraldCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code, without exiting (for tests). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new HeraldCli());
        // options such as --customer @FILE read the file themselves; picocli's @-file expansion would splice it in
        cli.setExpandAtFiles(false);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("herald: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            org.slf4j.LoggerFactory.getLogger(HeraldCli.class).debug("command failed", e);
            return 1;
        });
        return cli.execute(args);
    }
}
