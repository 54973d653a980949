package dev.herald.app.rules;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A running Herald audits every campaign publish from its watched folder: the refused one with its error. */
class CampaignChangeAuditIT {

    private static final String WELCOME = "trigger: {event: customer_signed_up}\ntemplate: welcome\n";

    @TempDir
    Path dataDir;
    @TempDir
    Path campaigns;

    @Test
    void aRefusedAndALivePublishAreBothAuditedWithVersionAndCampaigns() throws Exception {
        Files.writeString(campaigns.resolve("welcome.yaml"), WELCOME);
        try (TestHerald herald = TestHerald.start(dataDir, Map.of(HeraldConfig.RULES_DIR, campaigns.toString()))) {
            String running = herald.runtime().ruleBaseVersion();

            Files.writeString(campaigns.resolve("cart.yaml"), "trigger: {event: checkout_started}\ntemplate: nope\n");
            await("the refused publish is audited").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                    "select count(*) from audit_log where entity_kind = 'campaigns' and action = 'publish-rejected'") == 1);
            assertThat(herald.count("select count(*) from audit_log where action = 'publish-rejected'"
                    + " and entity_id = ? and detail_json like ?", running, "%cart.yaml:2%unknown template 'nope'%"))
                    .as("the version that kept running, and the error at its file and line").isEqualTo(1);

            Files.writeString(campaigns.resolve("cart.yaml"), "trigger: {event: checkout_started}\ntemplate: welcome\n");
            await("the live publish is audited").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                    "select count(*) from audit_log where entity_kind = 'campaigns' and action = 'publish'") == 1);
            assertThat(herald.count("select count(*) from audit_log where action = 'publish' and entity_id = ?"
                    + " and detail_json like ? and actor = 'rules-reload'", herald.runtime().ruleBaseVersion(),
                    "%[\"cart\",\"welcome\"]%")).isEqualTo(1);
        }
    }
}
