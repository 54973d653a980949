package dev.herald.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import dev.herald.app.TestEvents;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald;
import dev.herald.engine.persistence.HeraldPersistence;
import dev.herald.engine.persistence.ResourceLocalTransactions;
import dev.herald.engine.segment.RfmService;
import dev.herald.engine.segment.SegmentChangeListener;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.console.ConsoleRole;
import jakarta.persistence.EntityManagerFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's customers and segments against a running Herald: shoppers' orders over JMS, the recommendation
 * model retrained on them and RFM computed as {@code herald segment rfm} does; then, in a real browser, an
 * analyst finds Ann by name, opens her profile and sees her timeline (events, orders, emails), consent and the
 * reason for her recommendation; and the segments page with its charts; an admin erases a customer after typing
 * their id. Over plain HTTP: export, and erasure refused to analysts and without the form's token.
 */
class ConsoleCustomersIT {

    static final Customer ANN = TestEvents.customer("C-ANN", "Ann Smith");
    static final Customer BOB = TestEvents.customer("C-BOB", "Bob Brown");
    static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;

    @BeforeAll
    static void shoppersAnnAndBob() throws Exception {
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0", HeraldConfig.RECO_RETRAIN_INTERVAL, "0"));
        herald.runtime().consoleUsers().add("ana", PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        herald.runtime().consoleUsers().add("root", PASSWORD.toCharArray(), ConsoleRole.ADMIN);
        port = herald.runtime().httpPort();
        // twelve shoppers, one to four orders each over the months before; everyone's first basket held a mug and
        // a teapot, so the model learns that the teapot goes with the mug
        for (int c = 0; c < 12; c++) {
            Customer shopper = TestEvents.customer("C-SHOP-" + c, "Shopper " + c);
            for (int j = 0; j <= c % 4; j++) {
                ObjectNode order = j == 0
                        ? TestEvents.order(shopper, "O-SHOP-" + c, item("P-MUG", "Mug", 1, "3.50"),
                                item("P-TEAPOT", "Blue Teapot", 1, "12.00"))
                        : TestEvents.order(shopper, "O-SHOP-" + c + "-" + j,
                                item("P-TOWEL", "Tea Towel", 1 + c % 3 + j, "2.95"));
                order.put("timestamp", TestEvents.OCCURRED_AT.minus(Duration.ofDays(15L * c + 20L * (3 - j)))
                        .toString());
                herald.send(RouteSettings.COMMERCE_QUEUE, order);
            }
        }
        herald.awaitIdle();
        herald.runtime().recommendations().retrain();

        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(ANN));
        herald.send(RouteSettings.CRM_QUEUE, identifiedWithConsent(ANN));
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(ANN, "O-ANN-1", item("P-MUG", "Mug", 2, "3.50")));
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(BOB));
        herald.awaitIdle();
        org.awaitility.Awaitility.await("Ann's emails sent").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where customer_id = 'C-ANN' and status = 'SENT'") >= 2);
        computeRfm(herald.runtime());
    }

    /** What {@code herald segment rfm} does, on the running Herald's database. */
    static void computeRfm(HeraldRuntime runtime) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(HeraldRuntime.embeddedDatabaseUrl(runtime.config().dataDir()));
        ds.setUser(runtime.config().get(HeraldConfig.JDBC_USER));
        ds.setPassword(runtime.config().get(HeraldConfig.JDBC_PASSWORD));
        EntityManagerFactory emf = HeraldPersistence.createEntityManagerFactory(ds, Map.of());
        try {
            new RfmService(new ResourceLocalTransactions(emf), SegmentChangeListener.NONE)
                    .computeAll(null, Instant.now());
        } finally {
            emf.close();
        }
    }

    static ObjectNode identifiedWithConsent(Customer customer) {
        ObjectNode e = new ObjectMapper().createObjectNode();
        e.put("eventId", TestEvents.newId("identify-" + customer.id()));
        e.put("type", "customer_identified");
        e.put("customerId", customer.id());
        e.put("email", customer.email());
        e.put("name", customer.name());
        e.put("timestamp", TestEvents.OCCURRED_AT.toString());
        e.putObject("consent").put("marketing", true).put("source", "checkout");
        return e;
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void anAnalystFindsAnnAndReadsHerTimelineConsentAndWhyTheTeapotIsRecommended() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login("ana", PASSWORD);
            browser.go("/console/customers");
            browser.find(By.id("q")).sendKeys("ann smith");
            browser.clickAndLoad(By.id("search"));
            assertThat(browser.find(By.id("customers")).getText()).contains("C-ANN").contains("c-ann@example.com")
                    .doesNotContain("C-BOB");
            browser.screenshot("customers-search");

            browser.clickAndLoad(By.linkText("C-ANN"));
            assertThat(browser.find(By.id("customer-id")).getText()).isEqualTo("C-ANN");
            String timeline = browser.find(By.id("timeline")).getText();
            assertThat(timeline).contains("Order O-ANN-1").contains("GBP 7.00")
                    .contains("Event order completed").contains("Event customer signed up")
                    .contains("Email first-order-thank-you");
            String recommendations = browser.find(By.id("recommendations")).getText();
            assertThat(recommendations).contains("Blue Teapot").contains("because you bought Mug");
            assertThat(browser.find(By.id("consent-history")).getText())
                    .contains("marketing consent granted via checkout");
            assertThat(browser.find(By.id("rfm")).getText()).contains("1 orders");
            assertThat(browser.find(By.id("consents")).getText()).contains("email: granted").contains("checkout");
            assertThat(browser.driver().findElements(By.id("erase"))).as("no erase button for an analyst").isEmpty();
            assertThat(browser.find(By.id("export")).getAttribute("href")).endsWith("/console/customers/C-ANN/export");
            browser.screenshot("customers-profile");
            scrollTo(browser, By.id("h-reco"));
            browser.screenshot("customers-profile-timeline");

            browser.go("/console/segments");
            assertThat(browser.find(By.id("sizes-rfm")).getText()).contains("Customers");
            assertThat(browser.driver().findElements(By.cssSelector("figure.chart svg"))).hasSize(2);
            assertThat(browser.find(By.id("rfm-profiles")).getText()).contains("Avg. monetary");
            browser.screenshot("segments");
            scrollTo(browser, By.id("h-scatter"));
            browser.screenshot("segments-scatter");
        }
    }

    static void scrollTo(ConsoleBrowser browser, By by) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("arguments[0].scrollIntoView(true)", browser.find(by));
    }

    @Test
    void theProfileShowsTheLanguageEmailsGoOutInAndTheHourTheCustomerReadsEmail() throws Exception {
        ObjectNode german = identifiedWithConsent(BOB);
        german.putObject("traits").put("language", "German").put("country", "AT");
        herald.send(RouteSettings.CRM_QUEUE, german);
        herald.awaitIdle();
        for (int day = 1; day <= 3; day++) {
            herald.update("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind, occurred_at)"
                    + " values (0, ?, 'welcome', 'A', 'OPEN', ?)", BOB.id(),
                    Instant.parse("2026-11-0" + day + "T07:" + (10 * day) + ":00Z").atOffset(java.time.ZoneOffset.UTC));
        }
        ConsoleHttpSession ana = ConsoleHttpSession.login(port, "ana", PASSWORD);

        String bob = ana.get("/console/customers/" + BOB.id()).body();
        String ann = ana.get("/console/customers/" + ANN.id()).body();

        assertThat(bob).contains("<dd id=\"customer-locale\">de-AT</dd>",
                "<dd id=\"reading-hour\">07:00–08:00 UTC (from 3 opens and clicks)</dd>");
        assertThat(ann).contains("the default locale (no locale or language known)", "not known yet");
    }

    @Test
    void theExportIsTheJsonOfEverythingHeldAboutTheCustomer() throws Exception {
        HttpResponse<String> export = ConsoleHttpSession.login(port, "ana", PASSWORD)
                .get("/console/customers/C-ANN/export");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(export.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"customer-C-ANN.json\"");
        JsonNode json = new ObjectMapper().readTree(export.body());
        assertThat(json.path("profile").path("email").asText()).isEqualTo(ANN.email());
        assertThat(json.path("orders")).hasSize(1);
        assertThat(json.path("emails").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anAnalystDownloadsASegmentsMembersAsCsvAndTheDownloadIsAudited() throws Exception {
        String segment = herald.countBy("select segment, count(*) from segment_membership where customer_id = 'C-ANN'"
                + " and scheme = 'rfm' group by segment").keySet().iterator().next();
        ConsoleHttpSession ana = ConsoleHttpSession.login(port, "ana", PASSWORD);
        String path = "/console/segments/members.csv?scheme=rfm&segment="
                + java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");

        // the page's link, as HTML writes it (= and & escaped)
        assertThat(ana.get("/console/segments").body()).contains(path.substring("/console".length())
                .replace("=", "&#61;").replace("&", "&amp;").replace("&amp;#61;", "&#61;"));
        HttpResponse<String> csv = ana.get(path);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("herald-segment-rfm-");
        assertThat(csv.body().lines().findFirst()).hasValue("customer_id,email,name,since,orders,lifetime_spend");
        assertThat(csv.body()).contains("C-ANN,c-ann@example.com,Ann Smith,");
        assertThat(herald.count("select count(*) from audit_log where entity_kind = 'segment' and action = 'export'"
                + " and entity_id = ? and actor = 'console:ana'", "rfm/" + segment)).isEqualTo(1);
        assertThat(ana.get("/console/segments/members.csv?scheme=rfm").statusCode()).isEqualTo(400);
    }

    @Test
    void anAnalystCannotEraseAndNeitherCanAPostWithoutTheFormsToken() throws Exception {
        ConsoleHttpSession analyst = ConsoleHttpSession.login(port, "ana", PASSWORD);
        assertThat(analyst.get("/console/customers/C-BOB/erase").statusCode()).isEqualTo(403);
        assertThat(analyst.post("/console/customers/C-BOB/erase", Map.of("_csrf", analyst.csrf(), "confirm", "C-BOB"))
                .statusCode()).isEqualTo(403);

        ConsoleHttpSession admin = ConsoleHttpSession.login(port, "root", PASSWORD);
        HttpResponse<String> noToken = admin.postWithoutToken("/console/customers/C-BOB/erase", Map.of("confirm", "C-BOB"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("Form expired");
        HttpResponse<String> wrongConfirmation = admin.post("/console/customers/C-BOB/erase",
                Map.of("_csrf", admin.csrf(), "confirm", "C-ANN"));
        assertThat(wrongConfirmation.statusCode()).isEqualTo(400);
        assertThat(wrongConfirmation.body()).contains("Type the customer id exactly");
        assertThat(herald.count("select count(*) from customer where id = 'C-BOB'")).as("Bob still there").isEqualTo(1);
    }

    @Test
    void anAdminErasesACustomerAfterConfirmingAndTheErasureIsAudited() throws Exception {
        Customer cy = TestEvents.customer("C-CY", "Cy Twombly");
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(cy));
        herald.awaitIdle();
        org.awaitility.Awaitility.await().atMost(TestHerald.PATIENCE)
                .until(() -> herald.count("select count(*) from customer where id = 'C-CY'") == 1);
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login("root", PASSWORD);
            browser.go("/console/customers/C-CY");
            browser.clickAndLoad(By.id("erase"));
            browser.find(By.id("confirm")).sendKeys("C-C");
            browser.clickAndLoad(By.id("confirm-erase"));
            assertThat(browser.find(By.id("erase-error")).getText()).contains("Type the customer id exactly");
            assertThat(herald.count("select count(*) from customer where id = 'C-CY'")).as("not yet").isEqualTo(1);
            browser.find(By.id("confirm")).sendKeys("C-CY");
            browser.screenshot("customers-erase-confirm");
            browser.clickAndLoad(By.id("confirm-erase"));
            assertThat(browser.find(By.id("erased-notice")).getText()).contains("erased-");
            assertThat(browser.path()).isEqualTo("/console/customers");
            browser.screenshot("customers-erased");
        }
        assertThat(herald.count("select count(*) from customer where id = 'C-CY'")).isZero();
        assertThat(herald.count("select count(*) from customer where email = ?", cy.email())).isZero();
        assertThat(herald.count("select count(*) from audit_log where action = 'erase' and actor = 'console:root'"))
                .isEqualTo(1);
        assertThat(ConsoleHttpSession.login(port, "root", PASSWORD).get("/console/customers/C-CY").statusCode())
                .isEqualTo(404);
    }
}
