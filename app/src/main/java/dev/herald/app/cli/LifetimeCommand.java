package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald lifetime}: who is still a customer and how many orders each will place (BG/NBD, ADR 0072). */
@Command(name = "lifetime", mixinStandardHelpOptions = true,
        description = {"Customer lifetime predictions by the BG/NBD model of repeat buying and the Gamma-Gamma model of"
                + " spend: 'predict' stores, for every customer with orders, the chance they are still a customer"
                + " (alive_probability), the chance they buy in the next 90 days (purchase_probability_90d), the"
                + " orders and spend expected in them (expected_orders_90d, expected_spend_90d) and a segment of"
                + " scheme 'lifetime' (Likely to buy, May buy, Unlikely to buy), which campaign rules can test; 'eval'"
                + " measures the models on a calibration/holdout split of a transactions file.",
                "A running Herald refreshes the predictions every herald.lifetime.period (24h)."},
        subcommands = {LifetimePredictCommand.class, LifetimeEvalCommand.class, CommandLine.HelpCommand.class})
public class LifetimeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
