package dev.herald.ear;

import dev.herald.rules.RuleCompilationException;
import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignPublisher;
import dev.herald.rules.campaign.CampaignStore;
import dev.herald.rules.campaign.Catalog;
import dev.herald.templates.MustacheTemplateRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EarFoldersTest {

    private static final CampaignLoader LOADER = new CampaignLoader(
            new Catalog(Catalog.RFM_SEGMENTS, new MustacheTemplateRenderer()::exists));

    @Test
    void withNothingSetBothFoldersAreInTheServersDataDirectory() {
        EarFolders folders = EarFolders.from(key -> null, "/srv/wildfly/standalone/data");

        assertThat(folders.campaigns()).isEqualTo(Path.of("/srv/wildfly/standalone/data/herald/campaigns"));
        assertThat(folders.campaignsConfigured()).isFalse();
        assertThat(folders.templates()).isEqualTo(Path.of("/srv/wildfly/standalone/data/herald/templates"));
    }

    @Test
    void configuredFoldersWinAndNeedNoDataDirectory() {
        Map<String, String> settings = Map.of("herald.rules.dir", "/etc/herald/campaigns",
                "herald.templates.dir", "/var/herald/templates");

        EarFolders folders = EarFolders.from(settings::get, null);

        assertThat(folders.campaigns()).isEqualTo(Path.of("/etc/herald/campaigns"));
        assertThat(folders.campaignsConfigured()).isTrue();
        assertThat(folders.templates()).isEqualTo(Path.of("/var/herald/templates"));
    }

    @Test
    void environmentVariablesAreReadUnderTheirUpperCaseNames() {
        EarFolders folders = EarFolders.from(EarSettings.lookup(key -> null,
                Map.of("HERALD_RULES_DIR", "/opt/campaigns", "HERALD_TEMPLATES_DIR", "/opt/templates")), null);

        assertThat(folders.campaigns()).isEqualTo(Path.of("/opt/campaigns"));
        assertThat(folders.templates()).isEqualTo(Path.of("/opt/templates"));
    }

    @Test
    void withoutADataDirectoryAnUnsetFolderIsAClearError() {
        assertThatThrownBy(() -> EarFolders.from(Map.of("herald.rules.dir", "/c")::get, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jboss.server.data.dir").hasMessageContaining("herald.templates.dir");
    }

    @Test
    void theDefaultFolderStartsWithTheBuiltInCampaignsAndAfterAPublishARestartRunsThePublishedOnes(@TempDir Path data)
            throws Exception {
        EarFolders folders = EarFolders.from(key -> null, data.toString());
        CampaignStore store = folders.campaignStore();
        CampaignDecisionService first = EarFolders.decisions(store, LOADER);
        String builtIn = CampaignDecisionService.builtIn(new Catalog(Catalog.RFM_SEGMENTS,
                new MustacheTemplateRenderer()::exists)).ruleBaseVersion();
        assertThat(first.ruleBaseVersion()).isEqualTo(builtIn);
        assertThat(folders.campaigns()).doesNotExist();

        CampaignPublisher publisher = new CampaignPublisher(store, LOADER, first.holder());
        String edited = publisher.text("win-back-at-risk.yaml").orElseThrow().replace("priority: 60", "priority: 61");
        CampaignPublisher.Outcome outcome = publisher.publish("win-back-at-risk.yaml", edited);

        assertThat(outcome.live()).isTrue();
        assertThat(first.ruleBaseVersion()).isEqualTo(outcome.version()).isNotEqualTo(builtIn);
        assertThat(Files.readString(folders.campaigns().resolve("win-back-at-risk.yaml"))).contains("priority: 61");
        CampaignDecisionService restarted = EarFolders.decisions(folders.campaignStore(), LOADER);
        assertThat(restarted.ruleBaseVersion()).isEqualTo(outcome.version());
        first.holder().close();
        restarted.holder().close();
    }

    @Test
    void aConfiguredFolderWithoutCampaignsStopsTheStart(@TempDir Path empty) {
        EarFolders folders = EarFolders.from(Map.of("herald.rules.dir", empty.toString(),
                "herald.templates.dir", empty.resolve("t").toString())::get, null);

        assertThatThrownBy(() -> EarFolders.decisions(folders.campaignStore(), LOADER))
                .isInstanceOf(RuleCompilationException.class);
    }
}
