package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifetime predictions refreshed by the running Herald (ADR 0072): with {@code herald.lifetime.period} set, the
 * models are refitted on schedule and every customer with orders gets the predictions, without a command.
 */
class LifetimeRefreshIT {

    static final int CUSTOMERS = 14;

    @TempDir
    static Path dataDir;
    static TestHerald herald;

    @BeforeAll
    static void start() throws Exception {
        Path campaigns = java.nio.file.Files.createDirectories(dataDir.resolve("campaigns"));
        java.nio.file.Files.writeString(campaigns.resolve("slipping.yaml"), """
                id: slipping-away
                trigger:
                  event: segment_changed
                  conditions:
                    - to_segment == Unlikely to buy
                template: win-back
                """);
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.LIFETIME_PERIOD, "2s",
                HeraldConfig.HTTP_PORT, "0", HeraldConfig.RULES_DIR, campaigns.toString()));
        Instant now = Instant.now();
        for (int c = 0; c < CUSTOMERS; c++) {
            Customer customer = TestEvents.customer("C-LT-" + c, "Buyer " + c);
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(customer));
        }
        herald.awaitIdle();
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int k = 0; k <= c % 4; k++) {
                Instant at = now.minus(Duration.ofDays(200 - 11L * k - c));
                herald.update("insert into customer_order (id, customer_id, event_id, currency, total, ordered_at)"
                        + " values (?, ?, ?, 'GBP', ?, ?)", "LT-" + c + "-" + k, "C-LT-" + c, "LT-" + c + "-" + k,
                        BigDecimal.valueOf(10 + (c * 7 + k * 3) % 25), at.atOffset(ZoneOffset.UTC));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void everyCustomerWithOrdersGetsThePredictionsOnSchedule() {
        await("predictions stored").atMost(TestHerald.PATIENCE).until(() -> herald.count("select count(*) from"
                + " customer_attribute where name = 'purchase_probability_90d' and source = 'lifetime'") == CUSTOMERS);
        assertThat(herald.count("select count(*) from customer_attribute where source = 'lifetime' and name in"
                + " ('alive_probability', 'expected_orders_90d')")).isEqualTo(2L * CUSTOMERS);
    }

    @Test
    void aCustomerWhoBecomesUnlikelyToBuyStartsTheCampaignWaitingForIt() {
        await("win-backs sent").atMost(TestHerald.PATIENCE).until(() -> herald.count("select count(*) from"
                + " outbox_message where campaign = 'slipping-away' and status = 'SENT'") > 0);
        long unlikely = herald.count("select count(*) from segment_membership where scheme = 'lifetime'"
                + " and segment = 'Unlikely to buy'");
        assertThat(unlikely).isPositive();
        await("every one of them").atMost(TestHerald.PATIENCE).until(() -> herald.count("select count(*) from"
                + " outbox_message where campaign = 'slipping-away'") == unlikely);
    }

    @Test
    void theConsoleShowsCustomersByTheirChanceToBuyAndEachCustomersNextNinetyDays() throws Exception {
        await("predictions stored").atMost(TestHerald.PATIENCE).until(() -> herald.count("select count(*) from"
                + " customer_attribute where name = 'purchase_probability_90d'") == CUSTOMERS);
        herald.runtime().consoleUsers().add("ana", "correct horse battery".toCharArray(),
                dev.herald.routes.console.ConsoleRole.ANALYST);
        var analyst = dev.herald.app.console.ConsoleHttpSession.login(herald.runtime().httpPort(), "ana",
                "correct horse battery");

        String segments = analyst.get("/console/segments").body();
        String customer = analyst.get("/console/customers/C-LT-3").body();

        assertThat(segments).contains("Who will buy in the next 90 days").contains("id=\"lifetime-bands\"");
        assertThat(customer).contains("Next 90 days").containsPattern("\\d+ % chance to buy · \\d+\\.\\d orders");
    }
}
