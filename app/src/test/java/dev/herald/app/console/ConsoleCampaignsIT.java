package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's Campaigns area against a running Herald on its built-in campaigns: in a real browser a marketer
 * opens a campaign, introduces an error, sees it at its line, fixes it, simulates it for a stored customer, publishes
 * it and sees the new rule base live and deciding; the journey view shows customers per step. Over plain HTTP: an
 * analyst cannot publish, a publish without the CSRF token is refused, and enable/disable is an audited publish.
 */
class ConsoleCampaignsIT {

    static final String MARKETER = "mia";
    static final String ANALYST = "ann";
    static final String PASSWORD = "correct horse battery";
    /** The built-in welcome campaign, as in rules/campaigns/welcome.yaml. */
    static final String WELCOME = """
            # Welcome series, first step: greet every new customer right after signup.
            id: welcome
            priority: 100
            trigger:
              event: customer_signed_up
            template: welcome
            """;

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add(MARKETER, PASSWORD.toCharArray(), ConsoleRole.MARKETER);
        herald.runtime().consoleUsers().add(ANALYST, PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        port = herald.runtime().httpPort();
        // a stored customer to simulate for, and customers in the abandoned-cart journey
        herald.send(RouteSettings.CRM_QUEUE, "C-SIM", event("signup-sim", "customer_signed_up", "C-SIM", ""));
        for (int i = 1; i <= 3; i++) {
            String id = "C-CART-" + i;
            herald.send(RouteSettings.CRM_QUEUE, id, event("identify-" + i, "customer_identified", id,
                    ",\"consent\":{\"marketing\":true,\"source\":\"test\"}"));
        }
        herald.awaitIdle(); // consent on record before the checkouts are decided
        for (int i = 1; i <= 3; i++) {
            String id = "C-CART-" + i;
            herald.send(RouteSettings.COMMERCE_QUEUE, id, event("checkout-" + i, "checkout_started", id,
                    ",\"cartId\":\"cart-" + i + "\",\"currency\":\"GBP\",\"total\":25,\"items\":[]"));
        }
        herald.awaitIdle();
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void aMarketerSeesAnErrorAtItsLineFixesItSimulatesAndPublishes() throws Exception {
        String before = herald.runtime().ruleBaseVersion();
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login(MARKETER, PASSWORD).go("/console/campaigns");
            assertThat(browser.find(By.id("live-version")).getText()).isEqualTo(before);
            assertThat(browser.find(By.cssSelector("#campaign-welcome .badge")).getText()).isEqualTo("live");
            assertThat(browser.find(By.cssSelector("#campaign-abandoned-cart")).getText()).contains("journey, 4 steps");
            browser.screenshot("campaigns-1-list");

            browser.clickAndLoad(By.id("edit-welcome"));
            WebElement definition = browser.find(By.id("definition"));
            assertThat(definition.getAttribute("value")).isEqualTo(WELCOME);
            browser.screenshot("campaigns-2-editor");

            // an error on line 3 and a changed template on line 6
            type(browser, WELCOME.replace("priority: 100", "priority: lots").replace("template: welcome",
                    "template: thank-you"));
            browser.clickAndLoad(By.id("validate"));
            WebElement errors = browser.find(By.id("errors"));
            assertThat(errors.findElement(By.cssSelector("a.goto-line")).getText()).isEqualTo("line 3");
            assertThat(errors.getText()).contains("priority must be a whole number, got 'lots'");
            assertThat(browser.find(By.cssSelector("#line-3 .line-error")).getText())
                    .contains("line 3").contains("priority must be a whole number");
            assertThat(browser.driver().findElements(By.cssSelector("#listing li.bad"))).hasSize(1);
            assertThat(browser.find(By.cssSelector("#gutter span.bad")).getText()).isEqualTo("3");
            assertThat(herald.runtime().ruleBaseVersion()).as("validating publishes nothing").isEqualTo(before);
            browser.screenshot("campaigns-3-error-at-line");

            // fixed; simulated for a stored customer before publishing
            type(browser, WELCOME.replace("template: welcome", "template: thank-you"));
            browser.find(By.id("customer")).sendKeys("C-SIM");
            browser.clickAndLoad(By.id("simulate"));
            assertThat(browser.find(By.id("would-start")).getText())
                    .contains("Would start welcome").contains("template thank-you");
            assertThat(browser.driver().findElements(By.id("errors"))).isEmpty();
            assertThat(herald.runtime().ruleBaseVersion()).as("simulating publishes nothing").isEqualTo(before);
            scrollTo(browser, "outcomes");
            browser.screenshot("campaigns-4-simulation");

            // and why not: on another event the campaign's trigger is not met
            new Select(browser.find(By.id("event"))).selectByValue("order_completed");
            browser.clickAndLoad(By.id("simulate"));
            assertThat(browser.find(By.id("edited-result")).getText()).isEqualTo(
                    "welcome would not start: its conditions are not met.");
            assertThat(browser.find(By.id("unmet")).getText())
                    .contains("trigger: it starts on customer_signed_up, the event is order_completed");
            scrollTo(browser, "outcomes");
            browser.screenshot("campaigns-4b-simulation-why-not");

            browser.clickAndLoad(By.id("publish"));
            assertThat(browser.find(By.id("notice")).getText()).startsWith("Published: rule base");
            String live = browser.find(By.id("live-version")).getText();
            assertThat(live).isNotEqualTo(before).isEqualTo(herald.runtime().ruleBaseVersion());
            assertThat(browser.find(By.id("definition")).getAttribute("value")).contains("template: thank-you");
            browser.screenshot("campaigns-5-published");

            browser.go("/console/campaigns/abandoned-cart");
            long active = herald.count("select count(*) from journey_instance where campaign = 'abandoned-cart'"
                    + " and status = 'ACTIVE'");
            assertThat(active).as("customers in the journey (holdout is 10%)").isPositive();
            assertThat(browser.find(By.id("total-active")).getText()).isEqualTo(String.valueOf(active));
            assertThat(browser.driver().findElements(By.cssSelector("#journey-flow li.step"))).hasSize(4);
            browser.screenshot("campaigns-6-journey");
        }

        // the published campaign decides: a new signup gets the thank-you template from the welcome campaign
        herald.send(RouteSettings.CRM_QUEUE, "C-NEW", event("signup-new", "customer_signed_up", "C-NEW", ""));
        await("the new signup is decided").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where customer_id = 'C-NEW' and campaign = 'welcome'") == 1);
        assertThat(herald.count("select count(*) from outbox_message where customer_id = 'C-NEW'"
                + " and template_key = 'thank-you'")).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("campaigns").resolve("welcome.yaml")))
                .as("stored where a restart reads it").contains("template: thank-you");
        assertThat(herald.count("select count(*) from audit_log where entity_kind = 'campaigns' and entity_id = 'welcome'"
                + " and action = 'console-publish' and actor = 'console:mia' and detail_json like ?",
                "%\"live\":true%")).isEqualTo(1);
        assertThat(herald.count("select count(*) from audit_log where entity_kind = 'campaigns' and action = 'publish'"
                + " and entity_id = ?", herald.runtime().ruleBaseVersion())).as("one publish, audited once").isEqualTo(1);
    }

    @Test
    void anAnalystReadsCampaignsButCannotOpenTheEditorOrPublish() throws Exception {
        ConsoleHttpSession analyst = ConsoleHttpSession.login(port, ANALYST, PASSWORD);
        assertThat(analyst.get("/console/campaigns").statusCode()).isEqualTo(200);
        assertThat(analyst.get("/console/campaigns").body()).doesNotContain("disable-welcome").doesNotContain("edit-welcome");
        assertThat(analyst.get("/console/campaigns/welcome/edit").statusCode()).isEqualTo(403);
        String version = herald.runtime().ruleBaseVersion();

        HttpResponse<String> publish = analyst.post("/console/campaigns/welcome/edit", Map.of("_csrf", analyst.csrf(),
                "action", "publish", "definition", WELCOME.replace("priority: 100", "priority: 1")));
        HttpResponse<String> disable = analyst.post("/console/campaigns/welcome/enabled",
                Map.of("_csrf", analyst.csrf(), "enabled", "false"));

        assertThat(publish.statusCode()).isEqualTo(403);
        assertThat(disable.statusCode()).isEqualTo(403);
        assertThat(herald.runtime().ruleBaseVersion()).isEqualTo(version);
    }

    @Test
    void aPublishWithoutTheCsrfTokenIsRefused() throws Exception {
        ConsoleHttpSession marketer = ConsoleHttpSession.login(port, MARKETER, PASSWORD);
        String version = herald.runtime().ruleBaseVersion();

        HttpResponse<String> publish = marketer.postWithoutToken("/console/campaigns/welcome/edit", Map.of("action", "publish",
                "definition", WELCOME.replace("priority: 100", "priority: 2")));
        HttpResponse<String> forged = marketer.post("/console/campaigns/welcome/edit", Map.of("_csrf", "forged",
                "action", "publish", "definition", WELCOME.replace("priority: 100", "priority: 2")));

        assertThat(publish.statusCode()).isEqualTo(403);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(herald.runtime().ruleBaseVersion()).isEqualTo(version);
    }

    @Test
    void disablingAndEnablingIsAnAuditedPublishThatStopsTheCampaignStarting() throws Exception {
        ConsoleHttpSession marketer = ConsoleHttpSession.login(port, MARKETER, PASSWORD);

        HttpResponse<String> disabled = marketer.post("/console/campaigns/first-order-thank-you/enabled",
                Map.of("_csrf", marketer.csrf(), "enabled", "false"));
        assertThat(disabled.statusCode()).isEqualTo(303);
        assertThat(disabled.headers().firstValue("Location")).hasValue("/console/campaigns?changed=first-order-thank-you");
        HttpResponse<String> list = marketer.get("/console/campaigns?changed=first-order-thank-you");
        assertThat(list.body()).contains("Campaign first-order-thank-you is now disabled")
                .contains("id=\"enable-first-order-thank-you\"");
        assertThat(Files.readString(dir.resolve("campaigns").resolve("first-order-thank-you.yaml")))
                .contains("\nenabled: false\n");

        HttpResponse<String> enabled = marketer.post("/console/campaigns/first-order-thank-you/enabled",
                Map.of("_csrf", marketer.csrf(), "enabled", "true"));
        assertThat(enabled.statusCode()).isEqualTo(303);
        assertThat(marketer.get("/console/campaigns").body()).contains("id=\"disable-first-order-thank-you\"");
        assertThat(herald.countBy("select action, count(*) from audit_log where entity_kind = 'campaigns'"
                + " and entity_id = 'first-order-thank-you' and actor = 'console:mia' group by action"))
                .isEqualTo(Map.of("console-disable", 1L, "console-enable", 1L));
    }

    @Test
    void aScheduledCampaignShowsItsTimeAndHowItWentAndSimulatesForAStoredCustomer() throws Exception {
        String at = utcMinutesFromNow(java.time.Duration.ofMinutes(-1));
        String newsletter = "id: holiday-news\ntrigger:\n  at: " + at + "\n  zone: UTC\naudience:\n  consent: email\n"
                + "template: welcome\n";
        assertThat(herald.runtime().campaignPublisher().publish("holiday-news.yaml", newsletter).live()).isTrue();
        ConsoleHttpSession marketer = ConsoleHttpSession.login(port, MARKETER, PASSWORD);
        HttpResponse<String> validated = marketer.post("/console/campaigns/holiday-news/edit", Map.of(
                "_csrf", marketer.csrf(), "action", "validate", "definition", newsletter));
        assertThat(validated.body()).as("a time in the past is pointed out").contains("No errors")
                .contains("Note: holiday-news&#39;s time (" + at + " UTC) has passed.");
        assertThat(marketer.get("/console/campaigns/holiday-news").body()).contains("at " + at + " UTC")
                .containsPattern("id=\"schedule\">(due|sending|sent)");

        herald.runtime().scheduledRuns().runDue();
        herald.awaitIdle();

        // the three consenting cart customers are its audience; the simulation customer gave no consent
        long emails = herald.count("select count(*) from outbox_message where campaign = 'holiday-news'");
        assertThat(emails).isEqualTo(3);
        assertThat(marketer.get("/console/campaigns").body()).contains("at " + at + " UTC")
                .containsPattern("sent: \\d+ customers asked, 3 in the audience, 3 emails queued");
        HttpResponse<String> simulated = marketer.post("/console/campaigns/holiday-news/edit", Map.of(
                "_csrf", marketer.csrf(), "action", "simulate", "definition", newsletter, "customer", "C-CART-1",
                "event", "campaign_scheduled", "attributes", ""));
        assertThat(simulated.statusCode()).isEqualTo(200);
        assertThat(simulated.body()).contains("holiday-news would start.");
        HttpResponse<String> notForHer = marketer.post("/console/campaigns/holiday-news/edit", Map.of(
                "_csrf", marketer.csrf(), "action", "simulate", "definition", newsletter, "customer", "C-SIM",
                "event", "campaign_scheduled", "attributes", ""));
        assertThat(notForHer.body()).doesNotContain("holiday-news would start.");
    }

    @Test
    void aMarketerCreatesANewsletterAtASetTimeFromTheConsoleAfterFixingItsDate() throws Exception {
        String at = utcMinutesFromNow(java.time.Duration.ofDays(3));
        String newsletter = "id: spring-news\ntrigger:\n  at: " + at + "\n  zone: Europe/Paris\naudience:\n"
                + "  consent: email\ntemplate: welcome\n";
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login(MARKETER, PASSWORD).go("/console/campaigns");
            browser.clickAndLoad(By.id("new-scheduled"));
            assertThat(browser.find(By.id("definition")).getAttribute("value")).contains("trigger:\n  at: ")
                    .contains("zone: Europe/London");
            browser.screenshot("campaigns-7-new-scheduled");

            WebElement id = browser.find(By.id("campaign-id"));
            id.clear();
            id.sendKeys("spring-news");
            type(browser, newsletter.replace(at, "next spring"));
            browser.clickAndLoad(By.id("create"));
            assertThat(browser.find(By.id("errors")).getText()).contains("line 3")
                    .contains("trigger.at must be a date and time such as 2026-12-01 10:00, got 'next spring'");
            assertThat(herald.runtime().campaignPublisher().text("spring-news.yaml")).as("nothing created").isEmpty();
            browser.screenshot("campaigns-8-new-error-at-line");

            type(browser, newsletter);
            browser.clickAndLoad(By.id("create"));
            assertThat(browser.find(By.id("notice")).getText()).startsWith("Created: rule base");
            assertThat(browser.find(By.id("schedule")).getText()).isEqualTo("waiting for its time");
            browser.screenshot("campaigns-9-created");
        }
        assertThat(herald.runtime().campaignPublisher().text("spring-news.yaml")).contains(newsletter);
        assertThat(herald.count("select count(*) from audit_log where entity_kind = 'campaigns' and entity_id ="
                + " 'spring-news' and action = 'console-create' and actor = 'console:mia'")).isEqualTo(2);
    }

    @Test
    void creatingIsForMarketersAndNeverOverwritesAnExistingCampaign() throws Exception {
        ConsoleHttpSession analyst = ConsoleHttpSession.login(port, ANALYST, PASSWORD);
        ConsoleHttpSession marketer = ConsoleHttpSession.login(port, MARKETER, PASSWORD);
        String taken = "id: welcome\ntrigger: {event: customer_signed_up}\ntemplate: thank-you\n";
        String welcomeBefore = herald.runtime().campaignPublisher().text("welcome.yaml").orElseThrow();

        assertThat(analyst.get("/console/campaigns/new").statusCode()).isEqualTo(403);
        assertThat(analyst.get("/console/campaigns").body()).doesNotContain("id=\"new-campaign\"");
        HttpResponse<String> overwrite = marketer.post("/console/campaigns/new", Map.of("_csrf", marketer.csrf(),
                "action", "create", "id", "welcome", "definition", taken));
        HttpResponse<String> badId = marketer.post("/console/campaigns/new", Map.of("_csrf", marketer.csrf(),
                "action", "create", "id", "Welcome Mail", "definition", taken));

        assertThat(overwrite.statusCode()).isEqualTo(409);
        assertThat(overwrite.body()).contains("exists already");
        assertThat(badId.statusCode()).isEqualTo(422);
        assertThat(herald.runtime().campaignPublisher().text("welcome.yaml")).hasValue(welcomeBefore);
    }

    @Test
    void aCampaignIsCopiedUnderAFreeIdAndCreatedOnlyWhenTheMarketerCreatesIt() throws Exception {
        ConsoleHttpSession analyst = ConsoleHttpSession.login(port, ANALYST, PASSWORD);
        ConsoleHttpSession marketer = ConsoleHttpSession.login(port, MARKETER, PASSWORD);
        String welcome = herald.runtime().campaignPublisher().text("welcome.yaml").orElseThrow();

        String form = marketer.get("/console/campaigns/new?copy=welcome").body();

        assertThat(form).contains("A copy of welcome as welcome-copy").contains("id: welcome-copy")
                .contains("value=\"welcome-copy\"");
        assertThat(herald.runtime().campaignPublisher().text("welcome-copy.yaml")).as("nothing created yet").isEmpty();
        assertThat(marketer.get("/console/campaigns/welcome").body()).contains("id=\"copy\"");
        assertThat(analyst.get("/console/campaigns/welcome").body()).doesNotContain("id=\"copy\"");
        assertThat(analyst.get("/console/campaigns/new?copy=welcome").statusCode()).isEqualTo(403);
        assertThat(marketer.get("/console/campaigns/new?copy=no-such-campaign").statusCode()).isEqualTo(404);

        // created disabled, so the copy changes no other test's decisions
        String copy = welcome.replaceFirst("(?m)^id: welcome$", "id: welcome-copy") + "enabled: false\n";
        HttpResponse<String> created = marketer.post("/console/campaigns/new", Map.of("_csrf", marketer.csrf(),
                "action", "create", "id", "welcome-copy", "definition", copy));

        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(herald.runtime().campaignPublisher().text("welcome-copy.yaml")).hasValue(copy);
        assertThat(marketer.get("/console/campaigns/new?copy=welcome").body()).as("the next copy gets the next id")
                .contains("A copy of welcome as welcome-copy-2");
    }

    /** A {@code trigger.at} value: now in UTC plus {@code offset}, to the minute. */
    private static String utcMinutesFromNow(java.time.Duration offset) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plus(offset));
    }

    private static void scrollTo(ConsoleBrowser browser, String id) {
        new Actions(browser.driver()).scrollToElement(browser.find(By.id(id))).perform();
    }

    private static void type(ConsoleBrowser browser, String text) {
        WebElement definition = browser.find(By.id("definition"));
        definition.clear();
        definition.sendKeys(text);
    }

    private static String event(String eventId, String type, String customerId, String more) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"customerId\":\"" + customerId
                + "\",\"email\":\"" + customerId.toLowerCase() + "@example.com\",\"name\":\"Test " + customerId
                + "\",\"timestamp\":\"" + Instant.now() + "\"" + more + "}";
    }
}
