package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import dev.herald.rules.campaign.CampaignPublisher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several Herald nodes on one PostgreSQL run the same campaigns and templates (ADR 0059): what is published on one
 * node goes live on the others within a sync period, is written into their own folders, and decides and renders
 * their events; a node
 * started later runs the newest campaigns before it takes its first event, unless its own folder was edited by hand
 * while it was down: then its edit wins and is shared. A folder that was never shared and is older is replaced, and a
 * copy of it kept.
 */
class CampaignsAcrossNodesIT {

    static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        TestPostgres.stop(postgres);
    }

    private TestHerald node(String name) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(TestPostgres.settings(postgres));
        settings.put(HeraldConfig.SYNC_PERIOD_MS, "200");
        settings.put(HeraldConfig.RECO_ENABLED, "false");
        return TestHerald.start(dir.resolve(name), settings);
    }

    @Test
    void aCampaignPublishedOnOneNodeRunsOnEveryNode() throws Exception {
        try (TestHerald a = node("a"); TestHerald b = node("b")) {
            CampaignPublisher onA = a.runtime().campaignPublisher();
            String edited = onA.text("win-back-at-risk.yaml").orElseThrow().replace("priority: 60", "priority: 61");

            CampaignPublisher.Outcome published = onA.publish("win-back-at-risk.yaml", edited);

            assertThat(published.live()).isTrue();
            await("node b runs what node a published").atMost(TestHerald.PATIENCE)
                    .until(() -> b.runtime().ruleBaseVersion().equals(published.version()));
            assertThat(Files.readString(dir.resolve("b/campaigns/win-back-at-risk.yaml"))).contains("priority: 61");

            // a template edited on a is what b's emails render with
            String subject = "Greetings from every node{{#customer.firstName}}, {{customer.firstName}}{{/customer.firstName}}!";
            assertThat(a.runtime().templates().save("welcome/subject.mustache", subject).saved()).isTrue();
            await("node b renders with a's template edit").atMost(TestHerald.PATIENCE)
                    .until(() -> subject.equals(b.runtime().templates().source("welcome/subject.mustache")));
            Customer ola = TestEvents.customer("C-OLA", "Ola Node");
            b.send(RouteSettings.CRM_QUEUE, TestEvents.signup(ola));
            // decided on b; sent by whichever node's dispatcher claims it first (each test node has its own SMTP)
            TestMail.Mail welcome = await("Ola's welcome from either node").atMost(TestHerald.PATIENCE).until(() ->
                    java.util.stream.Stream.concat(a.mails().stream(), b.mails().stream()).map(TestMail::read)
                            .filter(m -> m.to().contains(ola.email())).findFirst().orElse(null), m -> m != null);
            assertThat(welcome.subject()).isEqualTo("Greetings from every node, Ola!");
            assertThat(Files.readString(dir.resolve("b/templates/welcome/subject.mustache"))).isEqualTo(subject);

            // the other way round, and with an effect on events: welcome disabled on b no longer greets on a
            CampaignPublisher.Outcome disabled = b.runtime().campaignPublisher().setEnabled("welcome", false);
            assertThat(disabled.live()).isTrue();
            await("node a runs what node b published").atMost(TestHerald.PATIENCE)
                    .until(() -> a.runtime().ruleBaseVersion().equals(disabled.version()));
            Customer ida = TestEvents.customer("C-IDA", "Ida Node");
            a.send(RouteSettings.CRM_QUEUE, TestEvents.signup(ida));
            a.awaitIdle();
            assertThat(a.count("select count(*) from processed_event where customer_id = ?", ida.id())).isEqualTo(1);
            assertThat(a.count("select count(*) from outbox_message where customer_id = ?", ida.id()))
                    .as("no welcome: the campaign is off on every node").isZero();
            assertThat(a.count("select count(*) from published_revision where kind = 'campaigns'"))
                    .as("one revision per publish").isEqualTo(2);
            assertThat(a.count("select count(*) from published_revision where kind = 'templates'")).isEqualTo(1);

            // a node started now catches up before it takes any event
            try (TestHerald c = node("c")) {
                assertThat(c.runtime().ruleBaseVersion()).isEqualTo(disabled.version());
                assertThat(Files.readString(dir.resolve("c/campaigns/welcome.yaml"))).contains("enabled: false");
            }
            assertThat(a.count("select count(*) from published_revision")).as("applying is not publishing")
                    .isEqualTo(3);

            // a hand edit of c's folder while c is down is kept when c starts, and shared with the others
            Path winBackOnC = dir.resolve("c/campaigns/win-back-at-risk.yaml");
            Files.writeString(winBackOnC, Files.readString(winBackOnC).replace("priority: 61", "priority: 62"));
            try (TestHerald c = node("c")) {
                assertThat(c.runtime().campaignPublisher().text("win-back-at-risk.yaml").orElseThrow())
                        .contains("priority: 62");
                String handEdited = c.runtime().ruleBaseVersion();
                await("node a takes c's edit").atMost(TestHerald.PATIENCE)
                        .until(() -> a.runtime().ruleBaseVersion().equals(handEdited));
                assertThat(a.runtime().campaignPublisher().text("win-back-at-risk.yaml").orElseThrow())
                        .contains("priority: 62");
            }
            assertThat(a.count("select count(*) from published_revision where kind = 'campaigns'")).isEqualTo(3);

            // a node whose older folder was never shared (a Herald from before the sharing) takes the newest
            // revision, and keeps a copy of what it replaced
            Path oldFolder = Files.createDirectories(dir.resolve("d/campaigns"));
            try (var files = Files.list(dir.resolve("a/campaigns"))) {
                for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                    Path copy = oldFolder.resolve(file.getFileName());
                    Files.writeString(copy, Files.readString(file).replace("priority: 62", "priority: 70"));
                    Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.from(
                            java.time.Instant.parse("2020-01-01T00:00:00Z")));
                }
            }
            try (TestHerald d = node("d")) {
                assertThat(d.runtime().ruleBaseVersion()).isEqualTo(a.runtime().ruleBaseVersion());
                assertThat(Files.readString(dir.resolve("d/campaigns.before-revision-3/win-back-at-risk.yaml")))
                        .contains("priority: 70");
            }
        }
    }
}
