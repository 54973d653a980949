package dev.herald.app.cli;

import dev.herald.rules.RuleError;
import dev.herald.rules.campaign.CampaignDefinition;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignRuleBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code herald rules validate DIR}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check every campaign definition in DIR and compile them, as Herald would before using them.",
                "Each problem is printed as FILE:LINE: MESSAGE (CSV: FILE:LINE: column 'NAME': MESSAGE; XLSX: FILE:ROW:"
                        + " sheet 'S', row N, column 'NAME' (cell C3): MESSAGE): unknown"
                        + " segments, templates, attributes or fields, type mismatches, impossible caps, YAML syntax,"
                        + " values that are not allowed.",
                "When valid, lists each campaign: id, type (marketing or transactional), live or disabled, trigger,"
                        + " file and line.",
                "Exit code 0 when everything is valid, 1 otherwise."})
public class RulesValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The campaigns folder, e.g. rules/campaigns.")
    Path folder;

    @Option(names = "--print-drl", description = "Also print the DRL generated from the definitions.")
    boolean printDrl;

    @Override
    public Integer call() {
        CampaignLoader.Loaded loaded = new CampaignLoader(RulesCommand.catalog()).load(folder);
        if (!loaded.ok()) {
            for (RuleError error : loaded.errors()) {
                System.err.println(folder.resolve(error.file() == null ? "" : error.file()).normalize()
                        + (error.line() > 0 ? ":" + error.line() : "") + ": " + error.message());
            }
            System.err.printf("%d error%s in %s%n", loaded.errors().size(), loaded.errors().size() == 1 ? "" : "s", folder);
            return 1;
        }
        CampaignRuleBase ruleBase = CampaignRuleBase.compile(loaded.campaigns(), loaded.settings());
        if (printDrl) {
            System.out.println(ruleBase.drl());
        }
        System.out.printf("%s: %d campaigns valid (rule base %s)%n", folder, loaded.campaigns().size(), ruleBase.version());
        int width = loaded.campaigns().stream().mapToInt(c -> c.id().length()).max().orElse(0);
        int triggerWidth = Math.max(20, loaded.campaigns().stream().mapToInt(c -> trigger(c).length()).max().orElse(0));
        for (CampaignDefinition c : loaded.campaigns()) {
            System.out.printf("  %-" + width + "s  %-13s  %-8s  %-" + triggerWidth + "s  %s:%d%n", c.id(), c.type(),
                    c.enabled() ? "live" : "disabled", trigger(c), c.file(), c.line());
        }
        if (loaded.settings().sunset().enabled()) {
            System.out.println("Sunset: no marketing email to customers with " + loaded.settings().sunset().describe()
                    + (loaded.campaigns().stream().anyMatch(CampaignDefinition::includeUnengaged)
                    ? " (except campaigns that include the unengaged)" : ""));
        }
        System.out.println("Deliverability guard: " + loaded.settings().deliverability().describe());
        System.out.println("Engagement scoring: " + loaded.settings().scoring().describe());
        java.time.Instant now = java.time.Instant.now();
        loaded.campaigns().stream().filter(c -> c.schedule() != null && c.enabled())
                .flatMap(c -> c.schedule().passedNote(c.id(), now).stream()).forEach(System.out::println);
        return 0;
    }

    /**
     * The event that starts the campaign, or the time a scheduled one goes out; whether at best hours, and whether it
     * reaches the customers the sunset policy holds back.
     */
    private static String trigger(CampaignDefinition campaign) {
        return (campaign.schedule() == null ? campaign.eventType() : "at " + campaign.schedule())
                + (campaign.timing().bestHour() ? ", best hour" : "")
                + (campaign.includeUnengaged() ? ", includes unengaged" : "");
    }
}
