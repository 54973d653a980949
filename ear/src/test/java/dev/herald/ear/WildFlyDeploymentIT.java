package dev.herald.ear;

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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Herald's EAR on a real WildFly 39 (standalone-full) configured by {@code docker/wildfly/herald.cli} and
 * started by {@code docker/wildfly/entrypoint.sh}, as in the docker image: events
 * posted over HTTP to the container and sent over JMS to WildFly's own Artemis become emails at a real SMTP
 * server; invalid events land on the dead-letter queue with their reason; the EAR undeploys and the server
 * shuts down cleanly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyDeploymentIT {

    private static final Duration PATIENCE = EarTestSupport.PATIENCE;
    private static final String JMS_USER = "herald-it";
    private static final String JMS_PASSWORD = "Herald-it-1!";
    private static final String CONSOLE_ADMIN = "wildfly-admin";
    private static final String CONSOLE_PASSWORD = "console admin password";

    static GreenMail smtp;
    static WildFlyServer wildfly;
    static ActiveMQConnectionFactory jms;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startWildFlyWithHeraldDeployed() throws Exception {
        int smtpPort = EarTestSupport.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        wildfly = new WildFlyServer(Path.of(System.getProperty("herald.wildfly.home")));
        wildfly.resetToDistribution();
        wildfly.applyScript(Path.of(System.getProperty("herald.cli")));
        wildfly.start(Path.of(System.getProperty("herald.entrypoint")),
                Map.of("HERALD_BROKER_USER", JMS_USER, "HERALD_BROKER_PASSWORD", JMS_PASSWORD,
                        "HERALD_CONSOLE_ADMIN", CONSOLE_ADMIN, "HERALD_CONSOLE_ADMIN_PASSWORD", CONSOLE_PASSWORD),
                List.of("-Dherald.smtp.port=" + smtpPort, "-Dherald.dispatch.period-ms=100"));
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
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(http("/v1/events/crm"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(EarTestSupport.signup("C-HTTP-" + UUID.randomUUID(), email, "Hanna Web")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);

        MimeMessage welcome = EarTestSupport.awaitMailTo(smtp, email);
        assertThat(welcome.getSubject()).isEqualTo("Welcome to Herald Shop, Hanna!");
        assertThat(welcome.getFrom()[0].toString()).contains("hello@herald.example");
    }

    @Test
    @Order(3)
    void orderSentOverJmsToWildFlysBrokerBecomesTheThankYouEmail() throws Exception {
        String customer = "C-JMS-" + UUID.randomUUID();
        String email = "jms-" + UUID.randomUUID() + "@example.com";

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

    private static URI http(String path) {
        return URI.create("http://127.0.0.1:" + wildfly.httpPort() + path);
    }
}
