package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.engine.delivery.CampaignPauses;
import dev.herald.engine.delivery.DeliverabilityGuard;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deliverability guard on the standalone runtime (ADR 0074): five browse nudges go out over real SMTP; bounces
 * and a spam complaint come back through the bounce webhook; the third bounce takes the campaign over the 20% of
 * herald-rules.yaml and pauses it, so the next nudge waits in the outbox with the reason, and goes once a person
 * resumes the campaign. Operators see the pause at /metrics.
 */
class DeliverabilityIT {

    static final String API_KEY = TestHttp.API_KEY;
    static final Customer[] READERS = new Customer[6];

    @TempDir
    static Path dataDir;
    static TestHerald herald;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void fiveNudgesWentOut() throws Exception {
        Path campaigns = Files.createDirectories(dataDir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("herald-rules.yaml"),
                "deliverability: {bounceRate: 20%, complaintRate: 10%, minEmails: 5}\n");
        Files.writeString(campaigns.resolve("browse.yaml"), "id: browse\ntrigger: {event: product_viewed}\n"
                + "template: welcome\n");
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.API_KEY, API_KEY, HeraldConfig.RULES_DIR, campaigns.toString()));
        for (int i = 0; i < READERS.length; i++) {
            READERS[i] = TestEvents.customer("C-DELIV-" + i, "Reader " + i);
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(READERS[i]));
        }
        herald.awaitIdle();
        for (int i = 0; i < 5; i++) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.activityNow(READERS[i], "product_viewed", "p-1"));
        }
        herald.awaitMails(5);
        await("five nudges sent").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where campaign = 'browse' and status = 'SENT'") == 5);
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void theBounceThatTipsTheRatePausesTheCampaignTheNextNudgeWaitsAndGoesWhenResumed() throws Exception {
        bounce(READERS[0], "5.1.1");
        bounce(READERS[1], "5.1.1");
        complaint(READERS[2]);
        assertThat(herald.runtime().campaignPauses().list()).isEmpty();

        bounce(READERS[3], "5.1.2");

        assertThat(herald.runtime().campaignPauses().list()).singleElement().satisfies(p -> {
            assertThat(p.campaign()).isEqualTo("browse");
            assertThat(p.pausedBy()).isEqualTo(DeliverabilityGuard.ACTOR);
            assertThat(p.reason()).isEqualTo("bounce rate 60% (3 of 5 emails in 1d) is above 20%");
        });
        assertThat(herald.count("select count(*) from bounce_event where campaign = 'browse' and kind = 'COMPLAINT'"))
                .isEqualTo(1);

        herald.send(RouteSettings.CRM_QUEUE, TestEvents.activityNow(READERS[5], "product_viewed", "p-1"));
        await("the sixth nudge held").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where campaign = 'browse' and customer_id = ? and status ="
                        + " 'PENDING' and last_error like 'deferred: campaign paused: bounce rate 60%'",
                READERS[5].id()) == 1);
        assertThat(herald.runtime().campaignPauses().list().get(0).held()).isEqualTo(1);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.runtime().httpPort()
                + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("herald_campaigns_paused 1.0");

        assertThat(herald.runtime().campaignPauses().resume("browse", "marketer", false))
                .contains(new CampaignPauses.Resumed(1, 0));

        await("the sixth nudge sent").atMost(TestHerald.PATIENCE).until(() -> TestMail.readAll(herald.mails())
                .stream().anyMatch(m -> m.to().contains(READERS[5].email())));
        assertThat(herald.count("select count(*) from audit_log where entity_kind = 'campaign'")).isEqualTo(2);
    }

    private static void bounce(Customer customer, String status) throws Exception {
        post("{\"email\": \"" + customer.email() + "\", \"status\": \"" + status + "\", \"diagnostic\": \"user unknown\"}");
    }

    private static void complaint(Customer customer) throws Exception {
        post("{\"email\": \"" + customer.email() + "\", \"type\": \"complaint\"}");
    }

    private static void post(String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + herald.runtime().httpPort() + "/v1/bounces")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + API_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
