package dev.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import jakarta.mail.internet.MimeMessage;
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
 * Subscription topics end to end (ADR 0063) on the standalone runtime, its HTTP server and GreenMail: Ann's welcome
 * (topic newsletter) links from its unsubscribe page to her preference page, where she keeps offers and leaves the
 * newsletter. The next newsletter-topic campaign is then not decided for her, while an offer still reaches her.
 */
class SubscriptionTopicsIT {

    static final Customer ANN = TestEvents.customer("C-TOPIC-ANN", "Ann Topics");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    static TestHerald herald;
    static String unsubscribeUrl;
    static TestMail.Mail welcomeMail;

    @BeforeAll
    static void start() throws Exception {
        Path campaigns = Files.createDirectories(dataDir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("herald-rules.yaml"), """
                topics:
                  newsletter: News from the shop
                  offers:
                    label: Offers & sales
                    de: Angebote & Rabatte
                """);
        Files.writeString(campaigns.resolve("news.yaml"), "id: news\ntrigger: {event: customer_signed_up}\n"
                + "topic: newsletter\ntemplate: welcome\n");
        Files.writeString(campaigns.resolve("news-again.yaml"), "id: news-again\ntrigger: {event: product_viewed}\n"
                + "topic: newsletter\ntemplate: welcome\n");
        Files.writeString(campaigns.resolve("offer.yaml"), "id: offer\ntrigger: {event: order_completed}\n"
                + "topic: offers\ntemplate: thank-you\n");
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.RULES_DIR, campaigns.toString()));
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(ANN));
        MimeMessage welcome = herald.awaitMails(1).get(0);
        String header = welcome.getHeader("List-Unsubscribe", null);
        unsubscribeUrl = header.substring(1, header.length() - 1);
        welcomeMail = TestMail.read(welcome);
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void theUnsubscribePageLeadsToPreferencesWhereSheLeavesOneTopicAndNoEmailOfItIsDecidedAfter() throws Exception {
        String unsubscribePage = get(unsubscribeUrl).body();
        assertThat(unsubscribePage).contains("choose which emails you get");
        String preferencesUrl = unsubscribeUrl.replace("/u/", "/p/");
        String page = get(preferencesUrl).body();
        assertThat(page).contains("News from the shop").contains("Offers &amp; sales")
                .contains("id=\"topic-newsletter\" checked").contains("id=\"topic-offers\" checked");
        String german = HTTP.send(HttpRequest.newBuilder(URI.create(preferencesUrl)).header("Accept-Language", "de")
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(german).as("in German, with the topic's German label where it has one").contains(
                "Ihre E-Mail-Einstellungen", "Angebote &amp; Rabatte", "News from the shop", "Speichern");

        HttpResponse<String> saved = HTTP.send(HttpRequest.newBuilder(URI.create(preferencesUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic-offers=on")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("Saved.").contains("id=\"topic-newsletter\">")
                .contains("id=\"topic-offers\" checked");
        assertThat(herald.count("select count(*) from audit_log where entity_kind = 'topics' and entity_id = ?"
                + " and action = 'topic-optout' and actor = 'preference page'", ANN.id())).isEqualTo(1);

        ObjectNode view = TestEvents.signup(TestEvents.newId("view"), ANN);
        view.put("type", "product_viewed");
        view.put("productId", "p-1");
        herald.send(RouteSettings.CRM_QUEUE, view);
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(ANN, TestEvents.newId("ord"),
                TestEvents.item("p-1", "Mug", 1, "7.00")));
        herald.awaitIdle();

        await("the offer arrives").atMost(TestHerald.PATIENCE).until(() -> TestMail.readAll(herald.mails()).stream()
                .anyMatch(m -> m.to().contains(ANN.email()) && m.campaign().equals("offer")));
        assertThat(TestMail.only(herald.mails(), ANN.email(), "offer")).isNotNull();
        // not decided at all: the rules see the topic she left (an email queued before would be stopped at send)
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'news-again'")).isZero();
        assertThat(herald.count("select count(*) from processed_event where customer_id = ? and event_type ="
                + " 'product_viewed' and decisions = 0", ANN.id())).isEqualTo(1);
        assertThat(herald.mails()).noneMatch(m -> TestMail.read(m).campaign().equals("news-again"));
    }

    @Test
    void theConsoleShowsTheTopicsACustomerLeftAndWhenTheyLeftThem() throws Exception {
        Customer bob = TestEvents.customer("C-TOPIC-BOB", "Bob Topics");
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(bob));
        herald.awaitIdle();
        herald.runtime().engagement().topics().choose(bob.id(), Map.of("offers", false), "preference page");
        herald.runtime().consoleUsers().add("ana", "correct horse battery".toCharArray(),
                dev.herald.routes.console.ConsoleRole.ANALYST);
        dev.herald.app.console.ConsoleHttpSession analyst = dev.herald.app.console.ConsoleHttpSession.login(
                herald.runtime().httpPort(), "ana", "correct horse battery");

        String profile = analyst.get("/console/customers/" + bob.id()).body();

        assertThat(profile).contains("topics left: offers").contains("topic-optout");
    }

    @Test
    void theConsolesTemplatePreviewShowsThePreferencesLinkTheEmailsWillCarry() throws Exception {
        herald.runtime().consoleUsers().add("tia", "correct horse battery".toCharArray(),
                dev.herald.routes.console.ConsoleRole.MARKETER);
        dev.herald.app.console.ConsoleHttpSession marketer = dev.herald.app.console.ConsoleHttpSession.login(
                herald.runtime().httpPort(), "tia", "correct horse battery");

        String editor = marketer.get("/console/templates/welcome").body();

        assertThat(editor).contains("https://links-added-at-send-time.invalid/preferences");
    }

    @Test
    void theEmailItselfLinksToThePreferencePageBesideTheUnsubscribeLink() {
        String preferencesUrl = unsubscribeUrl.replace("/u/", "/p/");

        assertThat(welcomeMail.html()).contains("href=\"" + preferencesUrl + "\"").contains("Email preferences");
        assertThat(welcomeMail.text()).contains("Email preferences: " + preferencesUrl);
    }

    @Test
    void anAlteredLinkShowsNoPreferences() throws Exception {
        String altered = unsubscribeUrl.replace("/u/", "/p/") + "x";

        assertThat(get(altered).statusCode()).isEqualTo(404);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
