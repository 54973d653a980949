package dev.herald.app.rules;

import dev.herald.app.HeraldConfig;
import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.CampaignFolderWatcher;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignStore;
import dev.herald.rules.campaign.Catalog;
import dev.herald.rules.campaign.RuleBaseHolder;
import dev.herald.templates.MustacheTemplateRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The standalone runtime's campaign rules: the built-in campaigns, or the folder named by
 * {@code herald.rules.dir} (or, once the console has published, {@code DATA_DIR/campaigns}), which is then watched
 * and reloaded on change (hot reload). Uploads over HTTP go
 * through {@link RulesHttpRoutes}. A folder that does not validate at start-up stops Herald from starting.
 */
public final class CampaignRules {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRules.class);

    private CampaignRules() {
    }

    /** What campaign definitions may refer to: the RFM segments and the email templates that exist. */
    public static Catalog catalog() {
        return new Catalog(Catalog.ENGINE_SEGMENTS, new MustacheTemplateRenderer()::exists);
    }

    /** The campaigns folder in the data dir, where console edits go when {@code herald.rules.dir} is not set. */
    public static final String DATA_DIR_FOLDER = "campaigns";

    /**
     * Where the campaigns are edited: the {@code herald.rules.dir} folder, or else {@code DATA_DIR/campaigns}, which
     * holds nothing until the first publish from the console copies the built-in campaigns into it (ADR 0028).
     */
    public static CampaignStore store(HeraldConfig config) {
        String folder = config.get(HeraldConfig.RULES_DIR);
        if (folder != null && !folder.isBlank()) {
            return new CampaignStore(Path.of(folder), Map.of());
        }
        return new CampaignStore(config.dataDir().resolve(DATA_DIR_FOLDER), CampaignDecisionService.builtInFiles());
    }

    /**
     * The campaigns and folder settings as stored now, read without compiling or watching them: for commands that need
     * their settings and types, not their rules.
     */
    public static CampaignLoader.Loaded read(HeraldConfig config) {
        CampaignStore store = store(config);
        CampaignLoader loader = new CampaignLoader(catalog());
        return store.inFolder() ? loader.load(store.folder()) : loader.load(CampaignDecisionService.builtInFiles());
    }

    public static CampaignDecisionService start(HeraldConfig config) {
        return start(config, watcher -> { }); // the watcher's daemon thread ends with the JVM
    }

    /** As {@link #start(HeraldConfig)}, handing the folder watcher (if one starts) to {@code watchers} to close. */
    static CampaignDecisionService start(HeraldConfig config, java.util.function.Consumer<AutoCloseable> watchers) {
        CampaignStore store = store(config);
        if (!store.inFolder()) {
            return CampaignDecisionService.builtIn(catalog());
        }
        Path path = store.folder();
        CampaignLoader loader = new CampaignLoader(catalog());
        RuleBaseHolder holder = new RuleBaseHolder(loader.build(path));
        try {
            watchers.accept(new CampaignFolderWatcher(path, loader, holder, Duration.ofMillis(500)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch campaigns folder " + path, e);
        }
        LOG.info("campaigns from {} ({} campaigns), watched for changes", path, holder.current().campaigns().size());
        return new CampaignDecisionService(holder);
    }
}
