package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald bench}: benchmarks whose results go to docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks. Results and the exact commands are recorded in docs/benchmarks.md; speed is"
                + " measured here, never asserted in tests."},
        subcommands = {BenchRecoCommand.class, BenchPipelineCommand.class, BenchDeliveryCommand.class,
                BenchScheduleCommand.class, BenchDiskCommand.class, BenchHttpCommand.class, CommandLine.HelpCommand.class})
public class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
