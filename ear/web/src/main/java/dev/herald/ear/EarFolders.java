package dev.herald.ear;

import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignStore;
import dev.herald.rules.campaign.RuleBaseHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Where Herald in WildFly keeps what the console edits, so that edits survive a redeploy or restart: the campaigns
 * ({@code herald.rules.dir} / {@code HERALD_RULES_DIR}) and the template edits ({@code herald.templates.dir} /
 * {@code HERALD_TEMPLATES_DIR}), by default {@code herald/campaigns} and {@code herald/templates} in the server's
 * data directory ({@code jboss.server.data.dir}). As standalone: a configured campaigns folder is the campaigns and
 * must hold them; the default one holds nothing until the first console publish copies the built-in campaigns into
 * it, and from then on it is the campaigns.
 */
record EarFolders(Path campaigns, boolean campaignsConfigured, Path templates) {

    static final String RULES_DIR = "herald.rules.dir";
    static final String TEMPLATES_DIR = "herald.templates.dir";
    static final String SERVER_DATA_DIR = "jboss.server.data.dir";
    private static final Logger LOG = LoggerFactory.getLogger(EarFolders.class);

    static EarFolders fromEnvironment() {
        return from(EarSettings.lookup(System.getProperties()::getProperty, System.getenv()),
                System.getProperty(SERVER_DATA_DIR));
    }

    /**
     * @param lookup        settings by name (system property, else environment); null when unset
     * @param serverDataDir WildFly's data directory, the base of the defaults; may be null when both are set
     */
    static EarFolders from(Function<String, String> lookup, String serverDataDir) {
        String rules = lookup.apply(RULES_DIR);
        String templates = lookup.apply(TEMPLATES_DIR);
        return new EarFolders(rules != null ? Path.of(rules) : underDataDir(serverDataDir, "campaigns", RULES_DIR),
                rules != null,
                templates != null ? Path.of(templates) : underDataDir(serverDataDir, "templates", TEMPLATES_DIR));
    }

    private static Path underDataDir(String serverDataDir, String folder, String key) {
        if (serverDataDir == null || serverDataDir.isBlank()) {
            throw new IllegalStateException("no " + SERVER_DATA_DIR + " to keep console edits in: set " + key
                    + " (or " + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + ")");
        }
        return Path.of(serverDataDir, "herald", folder);
    }

    /** The store the console edits: the configured folder as it is, or the default one seeded with the built-ins. */
    CampaignStore campaignStore() {
        return new CampaignStore(campaigns, campaignsConfigured ? Map.of() : CampaignDecisionService.builtInFiles());
    }

    /**
     * The campaigns in force at start: the folder's when it holds them (a configured folder must, and must
     * compile: Herald does not start on campaigns it cannot run), else the built-in ones.
     */
    static CampaignDecisionService decisions(CampaignStore store, CampaignLoader loader) {
        if (!store.inFolder()) {
            LOG.info("built-in campaigns; the first console publish copies them to {}", store.folder());
            return new CampaignDecisionService(new RuleBaseHolder(loader.build(CampaignDecisionService.builtInFiles())));
        }
        CampaignDecisionService decisions = new CampaignDecisionService(new RuleBaseHolder(loader.build(store.folder())));
        LOG.info("campaigns from {} ({} campaigns)", store.folder(), decisions.holder().current().campaigns().size());
        return decisions;
    }
}
