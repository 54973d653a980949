package dev.herald.app.rules;

import dev.herald.app.HeraldConfig;
import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.CampaignStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without herald.rules.dir, Herald runs its built-in campaigns until the console first publishes; from then on the
 * data dir's campaigns folder (seeded from the built-ins) is what starts.
 */
class CampaignRulesStoreTest {

    @TempDir
    Path dataDir;

    /** Folder watchers the test started: closed before the folder is deleted, so none reloads into later tests. */
    private final java.util.List<AutoCloseable> watchers = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopWatchers() throws Exception {
        for (AutoCloseable watcher : watchers) {
            watcher.close();
        }
    }

    @Test
    void aConsolePublishIntoTheDataDirIsWhatTheNextStartRuns() {
        HeraldConfig config = HeraldConfig.of(Map.of(HeraldConfig.DATA_DIR, dataDir.toString()));
        CampaignStore store = CampaignRules.store(config);
        assertThat(store.folder()).isEqualTo(dataDir.resolve("campaigns"));
        assertThat(store.inFolder()).isFalse();
        String builtIn = CampaignRules.start(config, watchers::add).ruleBaseVersion();
        assertThat(builtIn).isEqualTo(CampaignDecisionService.builtIn(CampaignRules.catalog()).ruleBaseVersion());

        store.write("welcome.yaml", store.text("welcome.yaml").orElseThrow().replace("priority: 100", "priority: 99"));

        assertThat(store.inFolder()).isTrue();
        assertThat(dataDir.resolve("campaigns").resolve("abandoned-cart.yaml")).exists();
        CampaignDecisionService restarted = CampaignRules.start(config, watchers::add);
        assertThat(restarted.ruleBaseVersion()).isNotEqualTo(builtIn);
        assertThat(restarted.holder().current().campaigns().get("welcome").priority()).isEqualTo(99);
    }

    @Test
    void aConfiguredRulesDirIsTheStoreAndHasNoSeed() {
        HeraldConfig config = HeraldConfig.of(Map.of(HeraldConfig.DATA_DIR, dataDir.toString(),
                HeraldConfig.RULES_DIR, dataDir.resolve("mine").toString()));
        CampaignStore store = CampaignRules.store(config);
        assertThat(store.folder()).isEqualTo(dataDir.resolve("mine"));
        assertThat(store.inFolder()).isTrue();
    }
}
