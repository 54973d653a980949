package dev.herald.app.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.HeraldConfig;
import dev.herald.app.TestEvents;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald;
import dev.herald.app.TestMail;
import dev.herald.engine.delivery.CampaignPauses;
import dev.herald.engine.delivery.DeliverabilityGuard;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Campaign pauses in the console against a running Herald (ADR 0074). In a real browser a marketer pauses a campaign
 * from its page: an email decided meanwhile waits in the outbox with the reason, the page says so in a banner, the
 * list marks the campaign paused, and resuming sends the email. Over plain HTTP: resuming without the waiting emails
 * (once confirmed) keeps them as suppressed; analysts see a pause but can neither pause nor resume, and a pause
 * without the form's token is refused. The delivery page shows a campaign's emails, bounces and rates (and by
 * mailbox provider) after real
 * bounces, and its paused state once the deliverability guard (here with a low minimum of emails) pauses it.
 */
class ConsoleCampaignPausesIT {

    static final String MARKETER = "mia";
    static final String ANALYST = "ann";
    static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        // one marketing campaign per test, each started by its own event, so no test's pause holds another's email
        Path campaigns = Files.createDirectories(dir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("herald-rules.yaml"), "deliverability: {bounceRate: 5%, minEmails: 1}\n");
        Files.writeString(campaigns.resolve("spring-sale.yaml"), "id: spring-sale\ntrigger: {event: page_viewed}\n"
                + "template: welcome\n");
        Files.writeString(campaigns.resolve("stale-list.yaml"), "id: stale-list\ntrigger: {event: product_viewed}\n"
                + "template: welcome\n");
        Files.writeString(campaigns.resolve("bounce-prone.yaml"), "id: bounce-prone\ntrigger: {event: cart_viewed}\n"
                + "template: welcome\n");
        Files.writeString(campaigns.resolve("autumn-sale.yaml"), "id: autumn-sale\nenabled: false\n"
                + "trigger: {event: checkout_started}\ntemplate: welcome\n");
        herald = TestHerald.start(dir.resolve("herald"), Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.RULES_DIR, campaigns.toString()));
        herald.runtime().consoleUsers().add(MARKETER, PASSWORD.toCharArray(), ConsoleRole.MARKETER);
        herald.runtime().consoleUsers().add(ANALYST, PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        port = herald.runtime().httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void pausingFromThePageHoldsANewEmailWithItsReasonAndResumingSendsIt() throws Exception {
        Customer pia = TestEvents.customer("C-PAUSE-PIA", "Pia Held");
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login(MARKETER, PASSWORD).go("/console/campaigns/spring-sale");
            assertThat(browser.driver().findElements(By.id("paused"))).as("no banner before the pause").isEmpty();
            browser.find(By.id("pause-reason")).sendKeys("checking the imported list");
            browser.clickAndLoad(By.id("pause"));
            assertThat(browser.find(By.id("notice")).getText()).startsWith("Sending paused");
            assertThat(browser.find(By.id("paused-text")).getText()).contains("by mia: checking the imported list.")
                    .endsWith("0 emails are waiting.");

            herald.send(RouteSettings.CRM_QUEUE, event(pia, "page_viewed"));
            await("Pia's email held with the reason").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                    "select count(*) from outbox_message where campaign = 'spring-sale' and customer_id = ?"
                            + " and status = 'PENDING' and last_error = ?", pia.id(),
                    "deferred: campaign paused: checking the imported list") == 1);

            browser.go("/console/campaigns/spring-sale");
            assertThat(browser.find(By.id("paused-text")).getText()).matches("paused Paused since \\d{4}-\\d\\d-\\d\\d"
                    + " \\d\\d:\\d\\d UTC by mia: checking the imported list\\. 1 email is waiting\\.");
            assertThat(browser.driver().findElements(By.id("pause-form"))).as("no pause form while paused").isEmpty();
            browser.screenshot("campaign-paused-banner");
            browser.go("/console/campaigns");
            assertThat(browser.find(By.id("paused-spring-sale")).getText()).isEqualTo("paused");
            assertThat(browser.find(By.id("paused-spring-sale")).getAttribute("title")).contains("1 email is waiting");
            assertThat(browser.driver().findElements(By.id("paused-stale-list"))).isEmpty();
            browser.screenshot("campaigns-list-paused");

            browser.go("/console/campaigns/spring-sale");
            browser.clickAndLoad(By.id("resume-send"));
            assertThat(browser.find(By.id("notice")).getText())
                    .isEqualTo("Resumed: 1 waiting email released; they go out at the next send.");
            assertThat(browser.driver().findElements(By.id("paused"))).isEmpty();
            assertThat(browser.find(By.id("pause-form")).isDisplayed()).isTrue();
        }
        await("Pia's email sent").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where campaign = 'spring-sale' and customer_id = ?"
                        + " and status = 'SENT'", pia.id()) == 1);
        await("Pia's email received").atMost(TestHerald.PATIENCE).untilAsserted(() ->
                assertThat(TestMail.only(herald.mails(), pia.email(), "spring-sale")).isNotNull());
        assertThat(herald.countBy("select action, count(*) from audit_log where entity_kind = 'campaign'"
                + " and entity_id = 'spring-sale' and actor = 'console:mia' group by action"))
                .isEqualTo(Map.of("pause", 1L, "resume", 1L));
    }

    @Test
    void resumingAndDroppingTheWaitingEmailsOnceConfirmedLeavesThemSuppressed() throws Exception {
        Customer dan = TestEvents.customer("C-PAUSE-DAN", "Dan Dropped");
        ConsoleHttpSession marketer = ConsoleHttpSession.login(port, MARKETER, PASSWORD);
        HttpResponse<String> paused = marketer.post("/console/campaigns/stale-list/pause",
                Map.of("reason", "stale list"));
        assertThat(paused.statusCode()).isEqualTo(303);
        ObjectNode viewed = event(dan, "product_viewed");
        viewed.put("productId", "P-MUG");
        herald.send(RouteSettings.COMMERCE_QUEUE, viewed);
        await("Dan's email held").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where campaign = 'stale-list' and customer_id = ?"
                        + " and status = 'PENDING' and last_error = 'deferred: campaign paused: stale list'",
                dan.id()) == 1);
        assertThat(marketer.get("/console/campaigns/stale-list").body()).contains("id=\"resume-drop\"")
                .contains("1 email is waiting.");

        HttpResponse<String> unconfirmed = marketer.post("/console/campaigns/stale-list/resume",
                Map.of("discard", "true"));
        assertThat(unconfirmed.statusCode()).isEqualTo(422);
        assertThat(unconfirmed.body()).contains("Not resumed: tick the box");
        assertThat(herald.runtime().campaignPauses().find("stale-list")).as("still paused").isPresent();

        HttpResponse<String> dropped = marketer.post("/console/campaigns/stale-list/resume",
                Map.of("discard", "true", "confirm", "drop"));
        assertThat(dropped.statusCode()).isEqualTo(303);
        assertThat(dropped.headers().firstValue("Location"))
                .hasValue("/console/campaigns/stale-list?pause=dropped&n=1");

        assertThat(herald.count("select count(*) from outbox_message where campaign = 'stale-list' and customer_id = ?"
                + " and status = 'SUPPRESSED' and last_error = ?", dan.id(), "suppressed: held while the campaign was"
                + " paused (stale list), dropped when console:mia resumed it")).isEqualTo(1);
        assertThat(herald.runtime().campaignPauses().find("stale-list")).isEmpty();
        assertThat(marketer.get("/console/campaigns/stale-list?pause=dropped&n=1").body())
                .contains("Resumed: 1 waiting email dropped, kept on record as suppressed")
                .doesNotContain("id=\"paused\"");
        herald.awaitIdle();
        assertThat(herald.mails()).noneMatch(m -> TestMail.read(m).to().contains(dan.email()));
    }

    @Test
    void anAnalystSeesAPauseButCannotPauseOrResumeAndAPauseWithoutTheFormsTokenIsRefused() throws Exception {
        CampaignPauses pauses = herald.runtime().campaignPauses();
        assertThat(pauses.pause("autumn-sale", "console:mia", "waiting for the new prices")).isTrue();
        ConsoleHttpSession analyst = ConsoleHttpSession.login(port, ANALYST, PASSWORD);

        HttpResponse<String> page = analyst.get("/console/campaigns/autumn-sale");
        assertThat(page.body()).contains("by mia:</strong> waiting for the new prices.")
                .doesNotContain("/campaigns/autumn-sale/resume").doesNotContain("/campaigns/autumn-sale/pause");
        assertThat(analyst.get("/console/campaigns/spring-sale").body()).doesNotContain("id=\"pause-form\"");
        HttpResponse<String> resume = analyst.post("/console/campaigns/autumn-sale/resume", Map.of("discard", "false"));
        HttpResponse<String> drop = analyst.post("/console/campaigns/autumn-sale/resume",
                Map.of("discard", "true", "confirm", "drop"));
        HttpResponse<String> pause = analyst.post("/console/campaigns/spring-sale/pause", Map.of("reason", "mine"));

        assertThat(resume.statusCode()).isEqualTo(403);
        assertThat(drop.statusCode()).isEqualTo(403);
        assertThat(pause.statusCode()).isEqualTo(403);
        assertThat(pauses.find("autumn-sale")).as("still paused").isPresent();
        assertThat(pauses.find("spring-sale")).as("not paused").isEmpty();

        ConsoleHttpSession marketer = ConsoleHttpSession.login(port, MARKETER, PASSWORD);
        assertThat(marketer.postWithoutToken("/console/campaigns/spring-sale/pause", Map.of("reason", "forged"))
                .statusCode()).isEqualTo(403);
        assertThat(marketer.post("/console/campaigns/autumn-sale/resume", Map.of("_csrf", "forged"))
                .statusCode()).isEqualTo(403);
        assertThat(pauses.find("spring-sale")).isEmpty();
        assertThat(pauses.find("autumn-sale")).isPresent();
        assertThat(marketer.post("/console/campaigns/autumn-sale/resume", Map.of()).statusCode()).isEqualTo(303);
        assertThat(pauses.find("autumn-sale")).isEmpty();
    }

    @Test
    void theDeliveryPageShowsACampaignsHealthAfterRealBouncesAndItsPauseByTheGuard() throws Exception {
        Customer[] customers = new Customer[4];
        for (int i = 0; i < customers.length; i++) {
            customers[i] = TestEvents.customer("C-BOUNCE-" + (i + 1), "Bea Bounce " + (i + 1));
            herald.send(RouteSettings.COMMERCE_QUEUE, event(customers[i], "cart_viewed"));
        }
        await("four bounce-prone emails sent").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where campaign = 'bounce-prone' and status = 'SENT'") == 4);
        for (int i = 0; i < 2; i++) {
            herald.runtime().engagement().bounces().record(customers[i].email(), "5.1.1", "550 no such user",
                    "webhook");
        }
        ConsoleHttpSession analyst = ConsoleHttpSession.login(port, ANALYST, PASSWORD);
        assertThat(herald.runtime().campaignPauses().find("bounce-prone")).as("two bounces are too few to pause")
                .isEmpty();

        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login(ANALYST, PASSWORD).go("/console/delivery");
            assertThat(browser.find(By.id("health-policy")).getText()).isEqualTo("The deliverability guard's policy:"
                    + " pause a marketing campaign when, over 1d and at least 1 email, more than 5% bounce or more"
                    + " than 0.3% are reported as spam. A rate counts once at least 3 bounces (or complaints) are"
                    + " in; rates above the policy are marked.");
            String row = "#health-bounce-prone ";
            assertThat(browser.find(By.cssSelector(row + ".emails")).getText()).isEqualTo("4");
            assertThat(browser.find(By.cssSelector(row + ".bounced")).getText()).isEqualTo("2");
            assertThat(browser.find(By.cssSelector(row + ".bounce-rate")).getText()).isEqualTo("50%");
            assertThat(browser.find(By.cssSelector(row + ".bounce-rate")).getAttribute("class")).contains("over");
            assertThat(browser.find(By.cssSelector(row + ".complained")).getText()).isEqualTo("0");
            assertThat(browser.find(By.cssSelector(row + ".complaint-rate")).getText()).isEqualTo("0%");
            assertThat(browser.find(By.cssSelector(row + ".complaint-rate")).getAttribute("class"))
                    .doesNotContain("over");
            assertThat(browser.find(By.cssSelector(row + ".state")).getText()).isEqualTo("sending");

            // the third bounce takes the campaign over the policy: the guard pauses it
            herald.runtime().engagement().bounces().record(customers[2].email(), "5.1.1", "550 no such user",
                    "webhook");
            assertThat(herald.runtime().campaignPauses().find("bounce-prone")).hasValueSatisfying(p ->
                    assertThat(p.pausedBy()).isEqualTo(DeliverabilityGuard.ACTOR));

            browser.go("/console/delivery");
            assertThat(browser.find(By.cssSelector(row + ".bounced")).getText()).isEqualTo("3");
            assertThat(browser.find(By.cssSelector(row + ".bounce-rate")).getText()).isEqualTo("75%");
            assertThat(browser.find(By.cssSelector(row + ".state")).getText()).startsWith("paused")
                    .contains("by the deliverability guard: bounce rate 75% (3 of 4 emails in 1d) is above 5%.")
                    .endsWith("0 emails are waiting.");
            new org.openqa.selenium.interactions.Actions(browser.driver())
                    .scrollToElement(browser.find(By.id("campaign-health"))).perform();
            browser.screenshot("delivery-campaign-health");
            // the same bounces by mailbox provider: the customers' example.com (other tests mail it too)
            String provider = "#provider-example-com ";
            assertThat(browser.find(By.cssSelector(provider + ".bounced")).getText()).isEqualTo("3");
            assertThat(Integer.parseInt(browser.find(By.cssSelector(provider + ".emails")).getText()
                    .replace(",", ""))).isGreaterThanOrEqualTo(4);
            assertThat(browser.find(By.cssSelector("#providers-chart svg title")).getAttribute("textContent"))
                    .isEqualTo("Open rate and bounce plus complaint rate by mailbox provider");
            new org.openqa.selenium.interactions.Actions(browser.driver())
                    .scrollToElement(browser.find(By.id("providers-table"))).perform();
            browser.screenshot("delivery-mailbox-providers");
        }
        assertThat(analyst.get("/console/dashboard").body()).contains("id=\"paused-campaigns\"")
                .contains("1 campaign is paused:").contains("bounce-prone</a>: Paused since ")
                .contains("by the deliverability guard: bounce rate 75% (3 of 4 emails in 1d) is above 5%.");
        assertThat(analyst.get("/console/campaigns").body()).contains("id=\"paused-bounce-prone\"")
                .contains("<dd id=\"policy-deliverability\">pause a marketing campaign when, over 1d and at least 1"
                        + " email, more than 5% bounce");
        assertThat(analyst.get("/console/campaigns/bounce-prone").body())
                .contains("by the deliverability guard:</strong> bounce rate 75% (3 of 4 emails in 1d) is above 5%.");
    }

    /** An event of {@code type} from {@code customer}, with the page it happened on. */
    private static ObjectNode event(Customer customer, String type) {
        ObjectNode e = TestEvents.signup(TestEvents.newId(type), customer);
        e.put("type", type);
        e.put("url", "https://shop.example.com/spring");
        return e;
    }
}
