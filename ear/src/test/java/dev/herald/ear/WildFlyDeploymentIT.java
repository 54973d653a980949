package dev.herald.ear;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.mail.internet.MimeMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Herald's EAR on a real WildFly 39 (standalone-full) configured by {@code docker/wildfly/herald.cli} and
 * started by {@code docker/wildfly/entrypoint.sh}, as in the docker image: events posted over HTTP to the
 * container and sent over JMS to WildFly's own Artemis become emails at a real SMTP server; invalid events land on
 * the dead-letter queue with their reason; the console works through the servlet; the recipient's unsubscribe,
 * open and click links, the Segment-style API, the signed webhooks, the bounce webhook, the privacy API and the
 * recommendation endpoints are served by the container; a profile is enriched from the CRM (WireMock) off the
 * event path; the EAR undeploys and the server shuts down cleanly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyDeploymentIT {

    private static final Duration PATIENCE = EarTestSupport.PATIENCE;
    private static final String JMS_USER = "herald-it";
    private static final String JMS_PASSWORD = "Herald-it-1!";
    private static final String CONSOLE_ADMIN = "wildfly-admin";
    private static final String CONSOLE_PASSWORD = "console admin password";
    private static final String API_KEY = "wildfly-it-write-key";
    private static final String SHOPIFY_SECRET = "wildfly-it-shopify-secret";
    private static final String HUBSPOT_SECRET = "wildfly-it-hubspot-secret";

    static GreenMail smtp;
    static WireMockServer crm;
    static WildFlyServer wildfly;
    static ActiveMQConnectionFactory jms;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The customer signed up over HTTP (step 2), looked up again in the console. */
    static final String HTTP_CUSTOMER = "C-HTTP-" + UUID.randomUUID();
    /** The customer who ordered over JMS (step 3), whose address bounces and who is erased at step 12. */
    static final String JMS_CUSTOMER = "C-JMS-" + UUID.randomUUID();
    static final String JMS_EMAIL = "jms-" + UUID.randomUUID() + "@example.com";
    /** Her welcome email (step 2), whose unsubscribe and tracking links are followed at step 10. */
    static MimeMessage httpCustomerWelcome;
    /** The console admin's session cookie (signed in at step 5). */
    static String consoleSession;

    @BeforeAll
    static void startWildFlyWithHeraldDeployed() throws Exception {
        int smtpPort = EarTestSupport.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        crm = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        crm.start();
        // customers the CRM does not know (everyone but the one of step 14) are a 404, which enrichment records
        crm.stubFor(WireMock.get(WireMock.urlPathMatching("/api/contacts/.*")).atPriority(10)
                .willReturn(WireMock.notFound()));

        wildfly = new WildFlyServer(Path.of(System.getProperty("herald.wildfly.home")));
        wildfly.resetToDistribution();
        wildfly.applyScript(Path.of(System.getProperty("herald.cli")));
        wildfly.start(Path.of(System.getProperty("herald.entrypoint")),
                Map.of("HERALD_BROKER_USER", JMS_USER, "HERALD_BROKER_PASSWORD", JMS_PASSWORD,
                        "HERALD_CONSOLE_ADMIN", CONSOLE_ADMIN, "HERALD_CONSOLE_ADMIN_PASSWORD", CONSOLE_PASSWORD,
                        "HERALD_API_KEY", API_KEY, "HERALD_WEBHOOK_SHOPIFY_SECRET", SHOPIFY_SECRET,
                        "HERALD_WEBHOOK_HUBSPOT_SECRET", HUBSPOT_SECRET),
                List.of("-Dherald.smtp.port=" + smtpPort, "-Dherald.dispatch.period-ms=100",
                        "-Dherald.public-url=http://127.0.0.1:" + wildfly.httpPort(),
                        "-Dherald.crm.url=" + crm.baseUrl() + "/api", "-Dherald.crm.auth-value=Bearer crm-t0ken",
                        "-Dherald.crm.fields=name=/properties/fullName,country=/properties/country,crm_id=/id",
                        "-Dherald.crm.sweep-period-ms=200", "-Dherald.schedule.period-ms=500"));
        wildfly.deploy(Path.of(System.getProperty("herald.ear")));

        // remote JMS over WildFly's HTTP port (http-acceptor upgrade); 1.x prefixes map queue X to jms.queue.X
        jms = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + wildfly.httpPort()
                + "?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor");
        jms.setUser(JMS_USER);
        jms.setPassword(JMS_PASSWORD);
        jms.setEnable1xPrefixes(true);
    }

    @AfterAll
    static void stopEverything() {
        if (jms != null) {
            jms.close();
        }
        if (wildfly != null) {
            wildfly.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (crm != null) {
            crm.stop();
        }
    }

    @Test
    @Order(1)
    void healthEndpointIsServedByTheContainer() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(http("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    @Order(2)
    void signupPostedOverHttpBecomesTheWelcomeEmail() throws Exception {
        String email = "http-" + UUID.randomUUID() + "@example.com";
        String signup = EarTestSupport.signup(HTTP_CUSTOMER, email, "Hanna Web");
        HttpResponse<String> anonymous = post("/v1/events/crm", signup.replace(HTTP_CUSTOMER, "C-NO-KEY"), Map.of());
        HttpResponse<String> response = post("/v1/events/crm", signup, Map.of("Authorization", "Bearer " + API_KEY));
        assertThat(anonymous.statusCode()).as("HERALD_API_KEY is set, so the event endpoints need it").isEqualTo(401);
        assertThat(response.statusCode()).isEqualTo(202);

        MimeMessage welcome = EarTestSupport.awaitMailTo(smtp, email);
        assertThat(welcome.getSubject()).isEqualTo("Welcome to Herald Shop, Hanna!");
        assertThat(welcome.getFrom()[0].toString()).contains("hello@herald.example");
        httpCustomerWelcome = welcome;
    }

    @Test
    @Order(3)
    void orderSentOverJmsToWildFlysBrokerBecomesTheThankYouEmail() throws Exception {
        String customer = JMS_CUSTOMER;
        String email = JMS_EMAIL;

        send("herald.events.commerce", customer, EarTestSupport.order(customer, email, "Jonas Queue"));

        MimeMessage thankYou = EarTestSupport.awaitMailTo(smtp, email);
        assertThat(thankYou.getSubject()).isEqualTo("Thank you for your first order, Jonas");
    }

    @Test
    @Order(4)
    void malformedEventLandsOnTheDeadLetterQueueWithItsReason() throws Exception {
        send("herald.events.crm", "C-BROKEN", "{\"eventId\": \"broken-" + UUID.randomUUID() + "\", \"type\": ");

        try (Connection connection = jms.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("herald.events.dlq"));
            Message dead = consumer.receive(PATIENCE.toMillis());

            assertThat(dead).as("a message on herald.events.dlq").isNotNull();
            assertThat(dead.getStringProperty("HeraldDeadLetterReason")).isNotBlank();
            assertThat(((TextMessage) dead).getText()).startsWith("{\"eventId\": \"broken-");
        }
    }

    @Test
    @Order(5)
    void theConsoleSignsInTheFirstAdminThroughTheServletAndShowsTheDashboard() throws Exception {
        HttpResponse<String> root = HTTP.send(HttpRequest.newBuilder(http("/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).hasValue("/console/");

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(http("/console/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("action=\"/console/login\"").contains("/console/static/console.css");
        String loginCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String token = page.body().replaceAll("(?s).*name=\"loginToken\" value=\"([^\"]+)\".*", "$1");

        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(http("/console/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", loginCookie.substring(0, loginCookie.indexOf(';')))
                        .POST(HttpRequest.BodyPublishers.ofString("loginToken=" + token + "&next=%2F&name="
                                + CONSOLE_ADMIN + "&password=" + CONSOLE_PASSWORD.replace(' ', '+'))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String sessionCookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("herald_session=")).findFirst().orElseThrow();
        assertThat(sessionCookie).contains("Path=/console").contains("HttpOnly").contains("SameSite=Strict");
        String session = sessionCookie.substring(0, sessionCookie.indexOf(';'));
        consoleSession = session;

        HttpResponse<String> dashboard = HTTP.send(HttpRequest.newBuilder(http("/console/dashboard"))
                .header("Cookie", session).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("<h1>Dashboard</h1>").contains(CONSOLE_ADMIN);

        // the dead-letter depth is browsed over the server's JMS: a number, not "unavailable" (-1)
        HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(http("/console/dashboard.json"))
                .header("Cookie", session).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).containsPattern("\"deadLetters\":\\d").containsPattern("\"eventsTotal\":[1-9]");
    }

    @Test
    @Order(6)
    void everyAreaOfTheConsoleAnswersForTheAdmin() throws Exception {
        assertThat(console("/console/campaigns")).contains("<h1>Campaigns</h1>").contains("win-back-at-risk");
        assertThat(console("/console/campaigns/welcome")).contains("welcome");
        assertThat(console("/console/campaigns/win-back-at-risk/edit")).contains("name=\"definition\"");
        assertThat(console("/console/templates")).contains("welcome");
        // the preview renders the live template for the customer signed up at step 2
        assertThat(console("/console/templates/welcome?customer=" + HTTP_CUSTOMER))
                .contains("Welcome to Herald Shop, Hanna!");
        assertThat(console("/console/experiments")).contains("<h1>");
        assertThat(console("/console/reports")).contains("Campaign performance").contains("id=\"daily-chart\"><svg");
        assertThat(console("/console/customers?q=C-HTTP-")).contains(HTTP_CUSTOMER);
        assertThat(console("/console/customers/" + HTTP_CUSTOMER)).contains(HTTP_CUSTOMER);
        assertThat(console("/console/segments")).contains("<h1>");
        // the dead-letter queue is browsed over java:/ConnectionFactory (a failed browse shows an alert)
        assertThat(console("/console/delivery")).contains("herald.events.dlq").doesNotContain("role=\"alert\"");
        assertThat(console("/console/account")).contains("Change your password");

        // accounts are managed in the console too: WildFly's database is out of the command line's reach
        String users = console("/console/users");
        assertThat(users).contains("data-user=\"" + CONSOLE_ADMIN + "\"");
        HttpResponse<String> added = consolePost("/console/users", csrf(users), Map.of("name", "wf-marketer",
                "role", "marketer", "password", "marketer password", "confirm", "marketer password"));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
        assertThat(console("/console/users")).contains("data-user=\"wf-marketer\"");
    }

    @Test
    @Order(7)
    void aCampaignPublishedInTheConsoleReloadsTheRuleBaseAndIsKeptInTheDataDirectoryWhileABrokenOneIsRefused() throws Exception {
        String before = ruleBaseVersion();
        String editor = console("/console/campaigns/win-back-at-risk/edit");
        String definition = unescape(editor.replaceAll("(?s).*<textarea id=\"definition\"[^>]*>\n?(.*?)</textarea>.*", "$1"));
        assertThat(definition).contains("priority: 60");

        // a definition that does not compile is refused with its line, and the running version stays
        HttpResponse<String> refused = consolePost("/console/campaigns/win-back-at-risk/edit", csrf(editor),
                Map.of("action", "publish", "definition", definition.replace("template: welcome", "template: no-such")));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Not published").contains("no-such");
        assertThat(ruleBaseVersion()).isEqualTo(before);

        HttpResponse<String> publish = consolePost("/console/campaigns/win-back-at-risk/edit", csrf(editor),
                Map.of("action", "publish", "definition", definition.replace("priority: 60", "priority: 61")));

        assertThat(publish.statusCode()).as(publish.body()).isEqualTo(303);
        String after = ruleBaseVersion();
        assertThat(after).isNotEqualTo(before);
        assertThat(publish.headers().firstValue("Location").orElseThrow()).endsWith("published=" + after);
        Path published = Path.of(System.getProperty("herald.wildfly.home"),
                "standalone/data/herald/campaigns/win-back-at-risk.yaml");
        assertThat(java.nio.file.Files.readString(published)).contains("priority: 61");
    }

    @Test
    @Order(8)
    void aTemplateTestSendGoesOutThroughTheServersMailSession() throws Exception {
        String to = "test-send-" + UUID.randomUUID() + "@example.com";
        String editor = console("/console/templates/welcome");

        HttpResponse<String> send = consolePost("/console/templates/welcome/test-send", csrf(editor),
                Map.of("file", "welcome/html.mustache", "customer", HTTP_CUSTOMER, "to", to));

        assertThat(send.statusCode()).as(send.body()).isEqualTo(303);
        MimeMessage test = EarTestSupport.awaitMailTo(smtp, to);
        assertThat(test.getSubject()).isEqualTo("[Test] Welcome to Herald Shop, Hanna!");
        assertThat(test.getHeader("X-Herald-Test")).containsExactly("console");
    }

    @Test
    @Order(9)
    void aDeadLetterReplayedInTheConsoleGoesBackToItsQueueInOneLocalJmsTransaction() throws Exception {
        String mark = UUID.randomUUID().toString();
        // valid JSON, but a signup without an email: dead-lettered by the ingest route, and again after a replay
        send("herald.events.crm", "C-DLQ", "{\"eventId\": \"no-email-" + mark + "\", \"type\": \"customer_signed_up\","
                + " \"customerId\": \"C-DLQ\", \"timestamp\": \"2026-11-23T10:00:00Z\"}");
        String row = await().atMost(PATIENCE).until(() -> deadLetterRow(mark), java.util.Objects::nonNull);
        String messageId = row.replaceAll("(?s).*name=\"messageId\" value=\"([^\"]+)\".*", "$1");

        HttpResponse<String> replay = consolePost("/console/delivery/dead-letters/replay", csrf(row),
                Map.of("messageId", unescape(messageId)));

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(303);
        assertThat(replay.headers().firstValue("Location").orElseThrow()).contains("replayed=")
                .contains("to=herald.events.crm").doesNotContain("error=");
        String again = await().atMost(PATIENCE).until(() -> deadLetterRow(mark),
                r -> r != null && r.contains("replayed 1×"));
        assertThat(again).doesNotContain(messageId); // a new message: the old one was taken off in the same transaction
    }

    @Test
    @Order(10)
    void theEmailsUnsubscribeOpenAndClickLinksAreServedByTheContainerAndShowOnTheCustomersPage() throws Exception {
        String header = httpCustomerWelcome.getHeader("List-Unsubscribe", null);
        assertThat(header).startsWith("<" + http("/u/"));
        assertThat(httpCustomerWelcome.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        URI unsubscribe = URI.create(header.substring(1, header.length() - 1));
        String html = EarTestSupport.html(httpCustomerWelcome);
        URI pixel = URI.create(html.replaceAll("(?s).*<img src=\"([^\"]+/o/[^\"]+)\".*", "$1"));
        URI tracked = URI.create(html.replaceAll("(?s).*href=\"([^\"]+/c/[^\"]+)\".*", "$1"));

        HttpResponse<String> confirmation = HTTP.send(HttpRequest.newBuilder(unsubscribe).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> open = HTTP.send(HttpRequest.newBuilder(pixel).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> click = HTTP.send(HttpRequest.newBuilder(tracked).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> oneClick = HTTP.send(HttpRequest.newBuilder(unsubscribe)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(confirmation.statusCode()).isEqualTo(200);
        assertThat(confirmation.body()).contains("<form method=\"post\"").doesNotContain("You are unsubscribed");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location"))
                .hasValue("https://shop.example/new?utm_source=herald&utm_campaign=welcome");
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).contains("You are unsubscribed");
        String profile = console("/console/customers/" + HTTP_CUSTOMER);
        assertThat(profile).contains("Address suppressed: unsubscribed (one-click unsubscribe")
                .contains("email: withdrawn").contains("Email opened").contains("Email clicked")
                .contains("Email unsubscribed");
    }

    @Test
    @Order(11)
    void theSegmentApiAndTheSignedWebhooksAreCheckedOverTheRawBodyThroughTheServlet() throws Exception {
        String shopper = "jo-" + UUID.randomUUID() + "@example.com";
        String order = """
                {"id":5001,"email":"%s","created_at":"2026-11-23T10:00:00Z","currency":"GBP",
                 "customer":{"id":77,"first_name":"Jo","last_name":"Park"},
                 "line_items":[{"product_id":85123,"title":"Heart","quantity":1,"price":"2.95"}]}""".formatted(shopper);
        byte[] orderBytes = order.getBytes(StandardCharsets.UTF_8);
        String hubspot = "[{\"eventId\":42,\"subscriptionType\":\"contact.propertyChange\",\"objectId\":9,"
                + "\"occurredAt\":1795431600000,\"propertyName\":\"hs_email_optout\",\"propertyValue\":\"false\"}]";
        String now = Long.toString(System.currentTimeMillis());
        String calledUri = "https://127.0.0.1:" + wildfly.httpPort() + "/v1/webhooks/hubspot";

        HttpResponse<String> identify = post("/v1/identify", "{\"userId\":\"C-SEG-1\",\"traits\":{\"email\":"
                + "\"seg@example.com\"}}", Map.of("Authorization", basic(API_KEY)));
        HttpResponse<String> wrongKey = post("/v1/identify", "{\"userId\":\"C-SEG-2\"}",
                Map.of("Authorization", basic("not-the-key")));
        HttpResponse<String> shopify = post("/v1/webhooks/shopify", order, Map.of("X-Shopify-Topic", "orders/create",
                "X-Shopify-Hmac-Sha256", base64Hmac(SHOPIFY_SECRET, orderBytes)));
        HttpResponse<String> forgedShopify = post("/v1/webhooks/shopify", order.replace("2.95", "0.01"),
                Map.of("X-Shopify-Topic", "orders/create", "X-Shopify-Hmac-Sha256", base64Hmac(SHOPIFY_SECRET, orderBytes)));
        HttpResponse<String> hubspotSigned = post("/v1/webhooks/hubspot", hubspot, Map.of(
                "X-HubSpot-Request-Timestamp", now, "X-HubSpot-Signature-v3",
                base64Hmac(HUBSPOT_SECRET, ("POST" + calledUri + hubspot + now).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> hubspotOtherUri = post("/v1/webhooks/hubspot", hubspot, Map.of(
                "X-HubSpot-Request-Timestamp", now, "X-HubSpot-Signature-v3", base64Hmac(HUBSPOT_SECRET,
                        ("POST" + calledUri + "/other" + hubspot + now).getBytes(StandardCharsets.UTF_8))));

        assertThat(identify.statusCode()).as(identify.body()).isEqualTo(200);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(shopify.statusCode()).as(shopify.body()).isEqualTo(200);
        assertThat(forgedShopify.statusCode()).as("the signature covers the body as sent").isEqualTo(401);
        assertThat(hubspotSigned.statusCode()).as("the URI rebuilt behind the servlet is the one signed")
                .isEqualTo(200);
        assertThat(hubspotOtherUri.statusCode()).isEqualTo(401);
        assertThat(EarTestSupport.awaitMailTo(smtp, shopper).getSubject())
                .isEqualTo("Thank you for your first order, Jo");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(console("/console/customers?q=C-SEG-"))
                .contains("C-SEG-1").doesNotContain("C-SEG-2"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(console("/console/customers/hubspot:9"))
                .contains("email: granted"));
    }

    @Test
    @Order(12)
    void theBounceWebhookAndThePrivacyApiNeedTheApiKeyAndWorkThroughTheServlet() throws Exception {
        String bounce = "{\"email\": \"" + JMS_EMAIL + "\", \"status\": \"5.1.1\", \"diagnostic\": \"user unknown\"}";
        URI export = http("/v1/privacy/export/" + JMS_CUSTOMER);

        HttpResponse<String> anonymousBounce = post("/v1/bounces", bounce, Map.of());
        HttpResponse<String> hardBounce = post("/v1/bounces", bounce, Map.of("X-Api-Key", API_KEY));
        String suppressed = console("/console/customers/" + JMS_CUSTOMER);
        String listedBefore = console("/console/customers?q=C-JMS-");
        HttpResponse<String> anonymousExport = HTTP.send(HttpRequest.newBuilder(export).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> exported = HTTP.send(HttpRequest.newBuilder(export)
                .header("Authorization", "Bearer " + API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> erased = post("/v1/privacy/erase/" + JMS_CUSTOMER, "", Map.of("X-Api-Key", API_KEY));
        HttpResponse<String> exportedAfter = HTTP.send(HttpRequest.newBuilder(export)
                .header("Authorization", "Bearer " + API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymousBounce.statusCode()).isEqualTo(401);
        assertThat(hardBounce.statusCode()).as(hardBounce.body()).isEqualTo(200);
        assertThat(hardBounce.body()).contains("\"result\" : \"suppressed\"");
        assertThat(suppressed).contains("Address suppressed: bounced");
        assertThat(anonymousExport.statusCode()).isEqualTo(401);
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
        assertThat(exported.body()).contains(JMS_EMAIL).contains("Jonas Queue").contains("\"orders\"");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(erased.body()).contains("\"erased\" : true");
        assertThat(exportedAfter.statusCode()).isEqualTo(404);
        assertThat(listedBefore).contains(JMS_CUSTOMER);
        assertThat(console("/console/customers?q=C-JMS-")).doesNotContain(JMS_CUSTOMER);
    }

    @Test
    @Order(13)
    void theRecommendationEndpointsRetrainAndAnswerOnlyWithTheApiKey() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(http("/v1/reco/retrain"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> retrain = HTTP.send(HttpRequest.newBuilder(http("/v1/reco/retrain"))
                .header("Authorization", "Bearer " + API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> customer = HTTP.send(HttpRequest.newBuilder(http("/v1/reco/recommendations?customer="
                        + HTTP_CUSTOMER)).header("X-Api-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(retrain.statusCode()).as(retrain.body()).isEqualTo(200);
        assertThat(retrain.body()).containsPattern("\"generation\":\\d+").containsPattern("\"purchases\":[1-9]");
        assertThat(customer.statusCode()).as(customer.body()).isEqualTo(200);
        assertThat(customer.body()).contains("\"products\"");
    }

    @Test
    @Order(14)
    void aSignupWithoutANameIsEmailedAndThenEnrichedFromTheCrm() throws Exception {
        String customer = "C-CRM-" + UUID.randomUUID();
        String email = "crm-" + UUID.randomUUID() + "@example.com";
        crm.stubFor(WireMock.get(WireMock.urlEqualTo("/api/contacts/" + customer)).atPriority(1)
                .withHeader("Authorization", WireMock.equalTo("Bearer crm-t0ken"))
                .willReturn(WireMock.okJson("{\"id\":901,\"properties\":{\"fullName\":\"Carla Ruiz\","
                        + "\"country\":\"ES\"}}")));

        send("herald.events.crm", customer, EarTestSupport.signup(customer, email, ""));

        assertThat(EarTestSupport.awaitMailTo(smtp, email).getSubject()).startsWith("Welcome to Herald Shop");
        String profile = await().atMost(PATIENCE).until(() -> console("/console/customers/" + customer),
                page -> page.contains("Carla Ruiz"));
        assertThat(profile).containsPattern("<td>country</td><td>ES</td><td>crm</td>");
        assertThat(crm.findAll(WireMock.getRequestedFor(WireMock.urlEqualTo("/api/contacts/" + customer))))
                .isNotEmpty();
    }

    @Test
    @Order(15)
    void aCampaignScheduledInTheConsoleGoesOutAtItsTimeFromTheServer() throws Exception {
        String form = console("/console/campaigns/new?start=scheduled");
        String at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1));
        HttpResponse<String> created = consolePost("/console/campaigns/new", csrf(form), Map.of("action", "create",
                "id", "server-news", "definition", "id: server-news\ntrigger:\n  at: " + at
                        + "\n  zone: UTC\ntemplate: welcome\n"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        assertThat(java.nio.file.Files.readString(Path.of(System.getProperty("herald.wildfly.home"),
                "standalone/data/herald/campaigns/server-news.yaml"))).contains("at: " + at);

        String page = await().atMost(PATIENCE).until(() -> console("/console/campaigns/server-news"),
                body -> body.contains("id=\"schedule\">sent:"));

        java.util.regex.Matcher sent = java.util.regex.Pattern.compile("sent: (\\d+) customers asked, (\\d+) in the"
                + " audience, (\\d+) emails queued").matcher(page);
        assertThat(sent.find()).as(page).isTrue();
        int emails = Integer.parseInt(sent.group(3));
        assertThat(emails).isPositive();
        List<MimeMessage> scheduled = await().atMost(PATIENCE).until(() -> java.util.Arrays.stream(
                        smtp.getReceivedMessages()).filter(m -> campaignOf(m).equals("server-news")).toList(),
                mails -> mails.size() == emails);
        // the customer who unsubscribed at step 10 is left out; nobody gets it twice
        assertThat(scheduled).noneMatch(m -> recipientsOf(m).equals(recipientsOf(httpCustomerWelcome)));
        assertThat(scheduled.stream().map(WildFlyDeploymentIT::recipientsOf).distinct()).hasSize(emails);
    }

    private static String campaignOf(MimeMessage message) {
        try {
            String[] values = message.getHeader("X-Herald-Campaign");
            return values == null ? "" : values[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipientsOf(MimeMessage message) {
        try {
            return java.util.Arrays.toString(message.getAllRecipients()).toLowerCase();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(16)
    void prometheusMetricsAreServedThroughTheServletWithWhatTheServerDid() throws Exception {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(http("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .containsPattern("herald_events_total\\{outcome=\"applied\",queue=\"herald.events.crm\"} [1-9]")
                .containsPattern("herald_events_total\\{outcome=\"dead_lettered\",queue=\"herald.events.[a-z]+\"} [1-9]")
                .containsPattern("herald_emails_total\\{outcome=\"sent\"} [1-9]")
                .containsPattern("herald_scheduled_customers_total [1-9]")
                .containsPattern("herald_queue_depth\\{queue=\"herald.events.dlq\"} [0-9]")
                .containsPattern("herald_outbox_pending [0-9]").contains("herald_campaigns_paused 0.0")
                .contains("jvm_memory_used_bytes")
                .doesNotContain(HTTP_CUSTOMER).doesNotContain(JMS_CUSTOMER);
    }

    @Test
    @Order(17)
    void undeploysAndShutsDownCleanly() throws Exception {
        wildfly.undeploy("herald.ear");
        assertThat(wildfly.log()).contains("Herald stopped").contains("WFLYSRV0009"); // WFLYSRV0009: Undeployed

        int exitCode = wildfly.shutdown();

        assertThat(exitCode).isZero();
        await().atMost(PATIENCE).until(() -> !wildfly.isRunning());
        assertThat(wildfly.log()).doesNotContain("Herald failed to start");
    }

    private static void send(String queue, String customerId, String body) throws JMSException {
        try (Connection connection = jms.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("JMSXGroupID", customerId);
            producer.send(message);
        }
    }

    private static HttpResponse<String> post(String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String base64Hmac(String secret, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data));
    }

    /** A console page for the signed-in admin; it must answer 200. */
    private static String console(String path) throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(http(path)).header("Cookie", consoleSession)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(path + ": " + page.body()).isEqualTo(200);
        return page.body();
    }

    private static HttpResponse<String> consolePost(String path, String csrf, Map<String, String> form)
            throws Exception {
        StringBuilder body = new StringBuilder("_csrf=").append(encode(csrf));
        form.forEach((name, value) -> body.append('&').append(name).append('=').append(encode(value)));
        return HTTP.send(HttpRequest.newBuilder(http(path)).header("Cookie", consoleSession)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The delivery page's dead-letter row whose message body contains {@code mark}, or null. */
    private static String deadLetterRow(String mark) throws Exception {
        for (String row : console("/console/delivery").split("<tr class=\"dead-letter\">")) {
            if (row.contains(mark)) {
                return row.substring(0, Math.max(row.indexOf("</tr>"), 0));
            }
        }
        return null;
    }

    private static String ruleBaseVersion() throws Exception {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("id=\"live-version\">([^<]+)<")
                .matcher(console("/console/campaigns"));
        assertThat(version.find()).as("the rule base version on the campaigns page").isTrue();
        return version.group(1);
    }

    private static String csrf(String page) {
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(token.find()).as("a CSRF token on the page").isTrue();
        return token.group(1);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The text of an HTML-escaped element (mustache.java escapes &amp; &lt; &gt; &quot; and quotes, ` and = as numbers). */
    private static String unescape(String html) {
        java.util.regex.Matcher entity = java.util.regex.Pattern.compile("&(#\\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);")
                .matcher(html);
        StringBuilder out = new StringBuilder();
        while (entity.find()) {
            String name = entity.group(1);
            String text = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> Character.toString(name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1)));
            };
            entity.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(text));
        }
        return entity.appendTail(out).toString();
    }

    private static URI http(String path) {
        return URI.create("http://127.0.0.1:" + wildfly.httpPort() + path);
    }
}
