package dev.herald.rules.campaign;

import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.herald.rules.campaign.TestCampaigns.loader;
import static dev.herald.rules.campaign.TestCampaigns.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Console edits of campaigns: validation errors at their lines, publishing through the holder's reload into the
 * store (seeded from the built-ins on the first write), enable/disable as an edit, and simulation without publishing.
 */
class CampaignPublisherTest {

    static final String THANKS = "# thank every order\nid: thanks\npriority: 10\ntrigger:\n  event: order_completed\n"
            + "template: thank-you\n";
    static final String BIG_ORDERS = "id: big-orders\npriority: 20\ntrigger:\n  event: order_completed\n"
            + "  conditions:\n    - total >= 100\ntemplate: cross-sell\n";
    static final Map<String, String> SEED = Map.of("thanks.yaml", THANKS, "big-orders.yaml", BIG_ORDERS);

    @TempDir
    Path dir;

    private CampaignPublisher publisher(Path folder) {
        CampaignStore store = new CampaignStore(folder, SEED);
        CampaignLoader.Loaded seed = loader().loadBytes(store.files());
        assertThat(seed.errors()).isEmpty();
        RuleBaseHolder holder = new RuleBaseHolder(CampaignRuleBase.compile(seed.campaigns(), seed.settings()));
        return new CampaignPublisher(store, loader(), holder);
    }

    @Test
    void validationReportsEachErrorAtItsLineAndWritesNothing() {
        CampaignPublisher publisher = publisher(dir.resolve("campaigns"));
        CampaignLoader.Loaded loaded = publisher.validate("thanks.yaml",
                THANKS.replace("priority: 10", "priority: high").replace("thank-you", "no-such"));
        assertThat(loaded.errors()).extracting(RuleError::file, RuleError::line)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("thanks.yaml", 3),
                        org.assertj.core.groups.Tuple.tuple("thanks.yaml", 6));
        assertThat(dir.resolve("campaigns")).doesNotExist();
    }

    @Test
    void aPublishSeedsTheFolderFromTheBuiltInsAndGoesLive() throws Exception {
        Path folder = dir.resolve("campaigns");
        CampaignPublisher publisher = publisher(folder);
        String before = publisher.holder().current().version();

        CampaignPublisher.Outcome outcome = publisher.publish("thanks.yaml", THANKS.replace("priority: 10", "priority: 30"));

        assertThat(outcome.live()).isTrue();
        assertThat(outcome.version()).isNotEqualTo(before).isEqualTo(publisher.holder().current().version());
        assertThat(publisher.holder().current().campaigns().get("thanks").priority()).isEqualTo(30);
        assertThat(Files.readString(folder.resolve("thanks.yaml"))).contains("priority: 30").startsWith("# thank");
        assertThat(Files.readString(folder.resolve("big-orders.yaml"))).isEqualTo(BIG_ORDERS);
        // a restart reading the folder starts the published campaigns
        assertThat(loader().build(folder).version()).isEqualTo(outcome.version());
    }

    @Test
    void aRefusedPublishKeepsTheRunningVersionAndTheStoredFile() throws Exception {
        CampaignPublisher publisher = publisher(dir.resolve("campaigns"));
        publisher.publish("thanks.yaml", THANKS);
        String running = publisher.holder().current().version();

        CampaignPublisher.Outcome outcome = publisher.publish("thanks.yaml", THANKS.replace("order_completed", "order_done"));

        assertThat(outcome.live()).isFalse();
        assertThat(outcome.version()).isEqualTo(running);
        assertThat(outcome.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.message()).contains("unknown event type 'order_done'");
        });
        assertThat(publisher.holder().lastReload().swapped()).isFalse();
        assertThat(publisher.text("thanks.yaml")).hasValue(THANKS);
    }

    @Test
    void replacingEveryCampaignMakesTheUploadTheFolderAndARefusedUploadChangesNothing() throws Exception {
        Path folder = dir.resolve("campaigns");
        CampaignPublisher publisher = publisher(folder);
        String seeded = publisher.holder().current().version();

        CampaignPublisher.Outcome refused = publisher.replaceAll(Map.of("thanks.yaml",
                THANKS.replace("thank-you", "no-such")));
        assertThat(refused.live()).isFalse();
        assertThat(refused.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(6));
        assertThat(refused.version()).isEqualTo(seeded);
        assertThat(folder).as("nothing written for a refused upload").doesNotExist();

        CampaignPublisher.Outcome live = publisher.replaceAll(Map.of("thanks.yaml", THANKS.replace("priority: 10",
                "priority: 40")));

        assertThat(live.live()).isTrue();
        assertThat(publisher.holder().current().campaigns().keySet()).containsExactly("thanks");
        try (var files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .as("big-orders.yaml, not in the upload, is gone").containsExactly("thanks.yaml");
        }
        assertThat(loader().build(folder).version()).as("a restart starts the upload").isEqualTo(live.version());
    }

    @Test
    void disablingACampaignStopsItStartingButKeepsItListedAndStored() throws Exception {
        Path folder = dir.resolve("campaigns");
        CampaignPublisher publisher = publisher(folder);
        assertThat(publisher.holder().evaluate(order("c1", 150)).winner()).hasValue("big-orders");

        assertThat(publisher.setEnabled("big-orders", false).live()).isTrue();

        assertThat(publisher.holder().evaluate(order("c1", 150)).winner()).hasValue("thanks");
        assertThat(publisher.holder().current().campaigns().get("big-orders").enabled()).isFalse();
        assertThat(Files.readString(folder.resolve("big-orders.yaml"))).startsWith("id: big-orders\nenabled: false\n");

        assertThat(publisher.setEnabled("big-orders", true).live()).isTrue();
        assertThat(publisher.holder().evaluate(order("c1", 150)).winner()).hasValue("big-orders");
        assertThat(Files.readString(folder.resolve("big-orders.yaml"))).contains("\nenabled: true\n");
    }

    @Test
    void enabledIsSetOnTheTopLevelLineOrAddedAfterTheId() {
        assertThat(CampaignPublisher.withEnabled("# c\nid: a\ntrigger:\n  event: x\n", false))
                .isEqualTo("# c\nid: a\nenabled: false\ntrigger:\n  event: x\n");
        assertThat(CampaignPublisher.withEnabled("# c\ntrigger:\n  enabled: 1\n", false))
                .isEqualTo("# c\nenabled: false\ntrigger:\n  enabled: 1\n");
        assertThat(CampaignPublisher.withEnabled("id: a\nenabled: false  # paused\n", true))
                .isEqualTo("id: a\nenabled: true\n");
    }

    @Test
    void aSimulationEvaluatesTheEditedTextWithoutPublishingAndSaysWhyNot() {
        CampaignPublisher publisher = publisher(dir.resolve("campaigns"));
        String running = publisher.holder().current().version();
        String edited = BIG_ORDERS.replace("total >= 100", "total >= 500");

        CampaignPublisher.Simulation simulation = publisher.simulate("big-orders.yaml", edited, "big-orders",
                order("c1", 150));

        assertThat(simulation.errors()).isEmpty();
        assertThat(simulation.verdict().winner()).hasValue("thanks");
        assertThat(simulation.unmet()).containsExactly("trigger.conditions: total is 150, needs >= 500");
        assertThat(publisher.holder().current().version()).isEqualTo(running);
        assertThat(dir.resolve("campaigns")).doesNotExist();

        CampaignPublisher.Simulation matching = publisher.simulate("big-orders.yaml", BIG_ORDERS, "big-orders",
                order("c1", 150));
        assertThat(matching.verdict().winner()).hasValue("big-orders");
        assertThat(matching.unmet()).isEmpty();
    }

    @Test
    void fileNamesCannotLeaveTheFolder() {
        CampaignPublisher publisher = publisher(dir.resolve("campaigns"));
        assertThatThrownBy(() -> publisher.publish("../evil.yaml", THANKS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> publisher.publish("notes.txt", THANKS)).isInstanceOf(IllegalArgumentException.class);
    }
}
