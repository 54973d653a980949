package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald lifetime}: who is still a customer and how many orders each will place (BG/NBD, ADR 0072). */
@Command(name = "lifetime", mixinStandardHelpOptions = true,
        description = {"Customer lifetime predictions by the BG/NBD model of repeat buying: 'predict' stores, for every"
                + " customer with orders, the chance they are still a customer (alive_probability), the chance they"
                + " buy in the next 90 days (purchase_probability_90d) and the orders expected in them"
                + " (expected_orders_90d), which campaign rules can test; 'eval' measures the model on a"
                + " calibration/holdout split of a transactions file."},
        subcommands = {LifetimePredictCommand.class, LifetimeEvalCommand.class, CommandLine.HelpCommand.class})
public class LifetimeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
