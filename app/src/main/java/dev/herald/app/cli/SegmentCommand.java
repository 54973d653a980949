package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald segment}: segment customers by behaviour (RFM) or by spending patterns (clustering). */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = {"Segment customers: 'rfm' by recency, frequency and monetary value of their stored orders"
                + " (membership stored, so rules see it); 'engagement' by a fading score of opens, clicks, visits and"
                + " orders (stored too); 'cluster' by spending patterns in a customer file (k-means or Ward), with"
                + " profiles, plain-language labels and charts.",
                "See docs/segmentation.md for the methods and their defaults."},
        subcommands = {SegmentRfmCommand.class, SegmentClusterCommand.class, SegmentEngagementCommand.class,
                SegmentBenchCommand.class,
                CommandLine.HelpCommand.class})
public class SegmentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
