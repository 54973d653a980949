package dev.herald.app.cli;

import dev.herald.rules.campaign.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald rules}: check, simulate and benchmark marketer-authored campaign definitions. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Work with campaign definitions: YAML files (one campaign each) and CSV or XLSX decision"
                + " tables (one campaign a row) in a folder such as rules/campaigns. See docs/campaigns.md."},
        subcommands = {RulesValidateCommand.class, RulesTestCommand.class, RulesBenchCommand.class,
                CommandLine.HelpCommand.class})
public class RulesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** What definitions may refer to: the RFM segments and the email templates the templates module has. */
    static Catalog catalog() {
        return dev.herald.app.rules.CampaignRules.catalog();
    }
}
