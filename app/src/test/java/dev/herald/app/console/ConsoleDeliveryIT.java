package dev.herald.app.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.HeraldConfig;
import dev.herald.app.TestEvents;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald;
import dev.herald.routes.Headers;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.delivery.DeadLetters;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's delivery page against a running Herald: outbox counts and sends, and the dead-letter queue. In a
 * real browser an admin sees a malformed event with its reason and replays it; being still malformed, it comes
 * back with the same reason, once (nothing lost, nothing doubled). An event parked after its processing failed
 * is processed when replayed once the failure has passed. Over plain HTTP: analysts read but cannot replay, and
 * a replay without the form's token is refused.
 */
class ConsoleDeliveryIT {

    static final Customer DORA = TestEvents.customer("C-DORA", "Dora Lee");
    static final String PASSWORD = "correct horse battery";
    static final String POISON_REASON = "processing failed on all 6 deliveries; last failure:"
            + " SQLTransientConnectionException: herald-db - Connection is not available";

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;
    static DeadLetters deadLetters;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add("ana", PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        herald.runtime().consoleUsers().add("root", PASSWORD.toCharArray(), ConsoleRole.ADMIN);
        port = herald.runtime().httpPort();
        deadLetters = new DeadLetters(herald.runtime().connectionFactory(), RouteSettings.DEAD_LETTER_QUEUE,
                Set.of(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE));
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(DORA));
        herald.awaitMails(1);
        herald.awaitIdle();
        // the bounce webhook's way in: a hard bounce for Dora suppresses her address
        herald.runtime().engagement().bounces().record(DORA.email(), "5.1.1", "550 no such user", "webhook");
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    /** The dead letters of one event (a replay gives the message a new JMS id; the event id stays). */
    static List<DeadLetters.DeadLetter> lettersOf(String eventId) throws Exception {
        return deadLetters.browse(10_000).messages().stream().filter(d -> eventId.equals(d.eventId())).toList();
    }

    /** Parks an event on the dead-letter queue as the ingest route does with one whose processing kept failing. */
    static void park(ObjectNode event, String sourceQueue, String reason) throws Exception {
        try (JMSContext context = herald.runtime().connectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            TextMessage m = context.createTextMessage(event.toString());
            m.setStringProperty(Headers.DEAD_LETTER_REASON, reason);
            m.setStringProperty(Headers.SOURCE_QUEUE, sourceQueue);
            m.setStringProperty(Headers.EVENT_ID, event.path("eventId").asText());
            m.setStringProperty(Headers.JMS_GROUP_ID, event.path("customerId").asText());
            context.createProducer().send(context.createQueue(RouteSettings.DEAD_LETTER_QUEUE), m);
        }
    }

    @Test
    void anAdminReplaysAMalformedEventAndItReturnsWithItsReason() throws Exception {
        ObjectNode bad = TestEvents.order(TestEvents.customer("C-EVE", "Eve Adams"), "O-BAD-1",
                item("P-MUG", "Mug", 2, "2.50"));
        ((ObjectNode) bad.withArray("items").get(0)).put("quantity", "two");
        herald.send(RouteSettings.COMMERCE_QUEUE, "C-EVE", bad.toString());
        await("the malformed event dead-lettered").atMost(TestHerald.PATIENCE)
                .until(() -> lettersOf("O-BAD-1-completed").size() == 1);

        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login("root", PASSWORD);
            browser.go("/console/delivery");
            String table = browser.find(By.id("dead-letter-table")).getText();
            assertThat(table).contains("O-BAD-1-completed").contains(RouteSettings.COMMERCE_QUEUE)
                    .contains("field 'items[0].quantity' must be a whole number");
            assertThat(browser.find(By.id("outbox-counts")).getText()).contains("sent");
            assertThat(browser.find(By.id("sends")).getText()).contains("welcome").contains(DORA.email());
            browser.screenshot("delivery-dead-letter");

            browser.clickAndLoad(By.xpath("//tr[contains(@class,'dead-letter')][.//td[contains(@class,'event-id')]"
                    + "[contains(., 'O-BAD-1-completed')]]//button[contains(@class,'replay')]"));
            assertThat(browser.find(By.id("replay-notice")).getText()).contains("O-BAD-1-completed")
                    .contains(RouteSettings.COMMERCE_QUEUE);

            await("the replayed event dead-lettered again").atMost(TestHerald.PATIENCE)
                    .until(() -> lettersOf("O-BAD-1-completed").stream().anyMatch(d -> d.replays() == 1));
            List<DeadLetters.DeadLetter> letters = lettersOf("O-BAD-1-completed");
            assertThat(letters).as("back once: not lost, not doubled").singleElement().satisfies(d -> {
                assertThat(d.reason()).startsWith("field 'items[0].quantity' must be a whole number");
                assertThat(d.sourceQueue()).isEqualTo(RouteSettings.COMMERCE_QUEUE);
                assertThat(d.body()).isEqualTo(bad.toString());
            });
            browser.go("/console/delivery");
            assertThat(browser.find(By.id("dead-letter-table")).getText()).contains("replayed 1×")
                    .contains("must be a whole number");
            browser.screenshot("delivery-replayed");
            assertThat(browser.find(By.id("bounces")).getText()).contains("5.1.1").contains(DORA.email());
            ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("arguments[0].scrollIntoView(true)", browser.find(By.id("h-sends")));
            browser.screenshot("delivery-sends-and-bounces");
        }
        assertThat(herald.count("select count(*) from customer where id = 'C-EVE'")).isZero();
    }

    @Test
    void anEventParkedAfterItsProcessingFailedIsProcessedWhenReplayed() throws Exception {
        Customer fred = TestEvents.customer("C-FRED", "Fred Hale");
        ObjectNode signup = TestEvents.signup("parked-signup-fred", fred);
        park(signup, RouteSettings.CRM_QUEUE, POISON_REASON);
        String messageId = lettersOf("parked-signup-fred").get(0).messageId();
        ConsoleHttpSession admin = ConsoleHttpSession.login(port, "root", PASSWORD);
        assertThat(admin.get("/console/delivery").body()).contains("parked-signup-fred")
                .contains("Connection is not available");

        HttpResponse<String> replayed = admin.post("/console/delivery/dead-letters/replay",
                Map.of("_csrf", admin.csrf(), "messageId", messageId));

        assertThat(replayed.statusCode()).isEqualTo(303);
        assertThat(replayed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .contains("replayed=parked-signup-fred"));
        await("Fred's signup processed").atMost(TestHerald.PATIENCE)
                .until(() -> herald.count("select count(*) from customer where id = 'C-FRED'") == 1);
        assertThat(herald.count("select count(*) from processed_event where event_id = 'parked-signup-fred'"))
                .isEqualTo(1);
        assertThat(lettersOf("parked-signup-fred")).as("off the dead-letter queue").isEmpty();

        HttpResponse<String> again = admin.post("/console/delivery/dead-letters/replay",
                Map.of("_csrf", admin.csrf(), "messageId", messageId));
        assertThat(again.headers().firstValue("Location")).as("a second replay of the same message is refused")
                .hasValueSatisfying(l -> assertThat(l).contains("error="));
    }

    @Test
    void analystsReadTheQueueButCannotReplayAndAReplayWithoutTheFormsTokenIsRefused() throws Exception {
        Customer gil = TestEvents.customer("C-GIL", "Gil Moss");
        park(TestEvents.signup("parked-signup-gil", gil), RouteSettings.CRM_QUEUE, POISON_REASON);
        String messageId = lettersOf("parked-signup-gil").get(0).messageId();

        ConsoleHttpSession analyst = ConsoleHttpSession.login(port, "ana", PASSWORD);
        HttpResponse<String> page = analyst.get("/console/delivery");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("parked-signup-gil").doesNotContain("dead-letters/replay");
        assertThat(analyst.post("/console/delivery/dead-letters/replay",
                Map.of("_csrf", analyst.csrf(), "messageId", messageId))
                .statusCode()).isEqualTo(403);

        ConsoleHttpSession admin = ConsoleHttpSession.login(port, "root", PASSWORD);
        HttpResponse<String> noToken = admin.postWithoutToken("/console/delivery/dead-letters/replay",
                Map.of("messageId", messageId));
        assertThat(noToken.statusCode()).isEqualTo(403);

        assertThat(lettersOf("parked-signup-gil")).as("still parked").hasSize(1);
        assertThat(herald.count("select count(*) from customer where id = 'C-GIL'")).isZero();
    }
}
