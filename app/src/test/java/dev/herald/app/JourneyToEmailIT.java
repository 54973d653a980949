package dev.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestMail.Mail;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One journey end to end on the real broker, database, sweep and SMTP server: a signup sends the welcome at once,
 * the nudge after a two-second delay (written by the timer sweep), then the run waits for an order, which ends it
 * through its exit condition. {@code herald journeys status} then shows where the run ended.
 */
class JourneyToEmailIT {

    static final String JOURNEY = """
            id: welcome-series
            trigger: {event: customer_signed_up}
            journey:
              exitOn: [order_completed]
              steps:
                - id: hello
                  send: welcome
                - id: pause
                  delay: 2s
                - id: nudge
                  send: cart-reminder
                - id: wait-order
                  wait: {event: order_completed, timeout: 1h}
                - id: never-sent
                  send: win-back
            """;

    static final Customer ADA = TestEvents.customer("C-ADA", "Ada Lovelace");

    @TempDir
    Path dataDir;
    @TempDir
    Path campaigns;

    @Test
    void signupWelcomeNowNudgeAfterTheDelayAndAnOrderEndsTheJourney() throws Exception {
        Files.writeString(campaigns.resolve("welcome-series.yaml"), JOURNEY);
        Map<String, String> settings = Map.of(HeraldConfig.RULES_DIR, campaigns.toString(),
                HeraldConfig.JOURNEY_SWEEP_PERIOD_MS, "100");
        try (TestHerald herald = TestHerald.start(dataDir, settings)) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(ADA));

            Mail welcome = TestMail.read(herald.awaitMails(1).get(0));
            assertThat(welcome.campaign()).isEqualTo("welcome-series");
            assertThat(welcome.to()).containsExactly(ADA.email());
            assertThat(welcome.subject()).isEqualTo("Welcome to Herald Shop, Ada!");

            Mail nudge = TestMail.read(herald.awaitMails(2).get(1));
            assertThat(nudge.campaign()).isEqualTo("welcome-series");
            assertThat(nudge.subject()).isEqualTo("You left something in your basket, Ada");
            assertThat(herald.countBy("select step, count(*) from outbox_message group by step"))
                    .as("each email is an outbox row with its step").isEqualTo(Map.of("hello", 1L, "nudge", 1L));
            await("the run waits for an order").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                    "select count(*) from journey_instance where current_step = 'wait-order' and status = 'ACTIVE'") == 1);

            herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(ADA, "O-ADA-1", item("P-MUG", "Mug", 1, "4.00")));
            await("the order ends the run").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                    "select count(*) from journey_instance where status = 'EXITED'") == 1);
            herald.awaitIdle();
            assertThat(herald.count("select count(*) from outbox_message where campaign = 'welcome-series'"))
                    .as("nothing after the exit").isEqualTo(2);
        }

        TestCli.Result status = TestCli.run("journeys", "status", "welcome-series", "--json",
                "--data-dir", dataDir.toString(), "-D" + HeraldConfig.RULES_DIR + "=" + campaigns);
        assertThat(status.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertThat(json.path("defined").asBoolean()).isTrue();
        assertThat(json.path("steps")).hasSize(5);
        JsonNode waitOrder = json.path("steps").get(3);
        assertThat(waitOrder.path("step").asText()).isEqualTo("wait-order");
        assertThat(waitOrder.path("kind").asText()).isEqualTo("wait");
        assertThat(waitOrder.path("exited").asLong()).isEqualTo(1);
        assertThat(json.path("totals").path("active").asLong()).isZero();
        assertThat(json.path("totals").path("exited").asLong()).isEqualTo(1);

        TestCli.Result table = TestCli.run("journeys", "status", "welcome-series", "--data-dir", dataDir.toString(),
                "-D" + HeraldConfig.RULES_DIR + "=" + campaigns);
        assertThat(table.outLines().get(0)).isEqualTo("Journey welcome-series: 5 steps, re-entry never, exits on"
                + " order_completed");
        assertThat(table.outLines()).anySatisfy(line -> assertThat(line).matches("wait-order\\s+wait\\s+0\\s+0\\s+1\\s+0\\s*"));
    }

    @Test
    void statusOfACampaignThatIsNoJourneyIsAnError() throws Exception {
        try (TestHerald herald = TestHerald.start(dataDir)) {
            herald.awaitIdle();
        }
        TestCli.Result result = TestCli.runCapturingErrors("journeys", "status", "welcome", "--data-dir",
                dataDir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("campaign 'welcome' is not a journey and has no journey runs on record");
    }
}
