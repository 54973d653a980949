package dev.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
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
 * Engagement scoring on the running Herald (ADR 0075): with {@code herald.scoring.period} set, scores are recomputed on
 * schedule from real events; Ann, who viewed four products and ordered, becomes "Very engaged" under the folder's
 * {@code scoring:} thresholds, and the campaign waiting for that segment change thanks her; Bob, who viewed one product,
 * gets a low score and no email. The console's customer page shows each score.
 */
class EngagementScoringIT {

    static final Customer ANN = TestEvents.customer("C-ENG-ANN", "Ann Keen");
    static final Customer BOB = TestEvents.customer("C-ENG-BOB", "Bob Browse");

    @TempDir
    static Path dataDir;
    static TestHerald herald;

    @BeforeAll
    static void annIsKeenAndBobBrowsed() throws Exception {
        Path campaigns = Files.createDirectories(dataDir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("herald-rules.yaml"), "scoring: {veryEngaged: 15, engaged: 5}\n");
        Files.writeString(campaigns.resolve("vip.yaml"), """
                id: vip-thanks
                trigger:
                  event: segment_changed
                  conditions:
                    - to_segment == Very engaged
                audience:
                  conditions:
                    - engagement_score >= 15
                template: welcome
                """);
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.SCORING_PERIOD, "2s",
                HeraldConfig.HTTP_PORT, "0", HeraldConfig.RULES_DIR, campaigns.toString()));
        for (Customer c : new Customer[]{ANN, BOB}) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(c));
        }
        herald.awaitIdle();
        for (int i = 0; i < 4; i++) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.activityNow(ANN, "product_viewed", "p-" + i));
        }
        ObjectNode order = TestEvents.order(ANN, TestEvents.newId("ord"), TestEvents.item("p-1", "Mug", 1, "7.00"));
        order.put("timestamp", java.time.Instant.now().toString()); // today: the score reads the last 6 half-lives
        herald.send(RouteSettings.COMMERCE_QUEUE, order);
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.activityNow(BOB, "product_viewed", "p-9"));
        herald.awaitIdle();
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void annBecomesVeryEngagedOnScheduleAndTheCampaignWaitingForItThanksHerAndBobGetsNothing() throws Exception {
        await("the VIP thanks sent").atMost(TestHerald.PATIENCE).until(() -> herald.count("select count(*) from"
                + " outbox_message where campaign = 'vip-thanks' and status = 'SENT'") == 1);

        // 4 product views x 2 + an order 10 (the default points), today
        assertThat(herald.count("select count(*) from customer_attribute where customer_id = ? and name ="
                + " 'engagement_score' and source = 'scoring' and number_value >= 17.5", ANN.id())).isEqualTo(1);
        assertThat(herald.count("select count(*) from segment_membership where customer_id = ? and scheme ="
                + " 'engagement' and segment = 'Very engaged'", ANN.id())).isEqualTo(1);
        assertThat(herald.count("select count(*) from segment_membership where customer_id = ? and scheme ="
                + " 'engagement' and segment = 'Not engaged'", BOB.id())).isEqualTo(1);
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'vip-thanks' and customer_id"
                + " = ?", BOB.id())).isZero();
        assertThat(TestMail.only(herald.mails(), ANN.email(), "vip-thanks")).isNotNull();

        herald.runtime().consoleUsers().add("ana", "correct horse battery".toCharArray(),
                dev.herald.routes.console.ConsoleRole.ANALYST);
        String page = dev.herald.app.console.ConsoleHttpSession.login(herald.runtime().httpPort(), "ana",
                "correct horse battery").get("/console/customers/" + ANN.id()).body();
        assertThat(page).containsPattern("id=\"engagement\">1[78]\\.\\d · Very engaged \\(as of ");
    }
}
