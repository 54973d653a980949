package dev.herald.rules.campaign;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.loader;
import static dev.herald.rules.campaign.TestCampaigns.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Reloads swap atomically under concurrent decisions; a bad reload keeps the old rules and reports why. */
class RuleBaseHolderTest {

    private static String campaign(String id) {
        return "id: " + id + "\ntrigger:\n  event: order_completed\ntemplate: welcome\n";
    }

    @Test
    void reloadsSwapAtomicallyAndRejectBadRulesWhileEventsAreDecided() throws Exception {
        try (RuleBaseHolder holder = new RuleBaseHolder(build("a.yaml", campaign("old")))) {
            CampaignDecisionService service = new CampaignDecisionService(holder);
            AtomicBoolean running = new AtomicBoolean(true);
            Set<String> winnersSeen = ConcurrentHashMap.newKeySet();
            ExecutorService deciders = Executors.newFixedThreadPool(2);
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                workers.add(deciders.submit(() -> {
                    int decided = 0;
                    while (running.get()) {
                        List<String> winners = holder.evaluate(order("c" + decided, 20)).winner().stream().toList();
                        // Each decision runs wholly on one rule base: exactly one winner, old or new.
                        assertThat(winners).hasSize(1);
                        winnersSeen.add(winners.get(0));
                        decided++;
                    }
                    return decided;
                }));
            }

            RuleBaseHolder.ReloadResult rejected = holder.reload(() -> loader().build(java.util.Map.of(
                    "b.yaml", campaign("new").replace("welcome", "no-such-template")))).get(30, TimeUnit.SECONDS);
            String versionAfterRejection = service.ruleBaseVersion();
            RuleBaseHolder.ReloadResult swapped = holder.reload(() -> loader().build(java.util.Map.of(
                    "b.yaml", campaign("new")))).get(30, TimeUnit.SECONDS);
            // keep deciding a little on the new rules before stopping
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (!winnersSeen.contains("new") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            running.set(false);
            int decided = 0;
            for (Future<Integer> worker : workers) {
                decided += worker.get(30, TimeUnit.SECONDS);
            }
            deciders.shutdown();

            assertThat(rejected.swapped()).isFalse();
            assertThat(rejected.errors()).singleElement().satisfies(e -> {
                assertThat(e.file()).isEqualTo("b.yaml");
                assertThat(e.line()).isEqualTo(4);
                assertThat(e.message()).startsWith("unknown template 'no-such-template'");
            });
            assertThat(versionAfterRejection).isEqualTo(rejected.version());
            assertThat(swapped.swapped()).isTrue();
            assertThat(swapped.warmUpEvaluations()).as("recent situations replayed before the swap").isPositive();
            assertThat(holder.lastReload()).isEqualTo(swapped);
            assertThat(service.ruleBaseVersion()).isEqualTo(swapped.version()).isNotEqualTo(rejected.version());
            assertThat(holder.current().evaluate(order("c", 20)).winner()).contains("new");
            assertThat(winnersSeen).isSubsetOf("old", "new").contains("old");
            assertThat(decided).isPositive();
        }
    }

    @Test
    void theFolderWatcherReloadsWhenACampaignFileChanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws Exception {
        java.nio.file.Files.writeString(folder.resolve("a.yaml"), campaign("first"));
        try (RuleBaseHolder holder = new RuleBaseHolder(loader().build(folder));
             CampaignFolderWatcher ignored = new CampaignFolderWatcher(folder, loader(), holder,
                     java.time.Duration.ofMillis(100))) {
            String before = holder.current().version();
            assertThat(holder.lastReload().warmUpEvaluations()).isZero();
            java.nio.file.Files.writeString(folder.resolve("a.yaml"), campaign("second"));

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !holder.current().version().equals(before));

            assertThat(holder.current().campaigns().keySet()).containsExactly("second");
        }
    }
}
