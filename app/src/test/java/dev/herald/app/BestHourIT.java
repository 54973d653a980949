package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Send-time optimisation on the standalone runtime (ADR 0065): a campaign with {@code timing.bestHour} holds Ann's
 * cross-sell email for the hour of the day she opens and clicks Herald's emails in, while a campaign without it
 * goes at once, and Bob, of whom Herald knows no habit, gets the cross-sell at once.
 */
class BestHourIT {

    static final Customer ANN = TestEvents.customer("C-ANN", "Ann Smith");
    static final Customer BOB = TestEvents.customer("C-BOB", "Bob Jones");

    @TempDir
    static Path dataDir;
    static TestHerald herald;
    /** Three hours from now, so the email waits, whatever the hour the test runs at. */
    static int annsHour;

    @BeforeAll
    static void annReadsEmailAtOneHourOfTheDay() throws Exception {
        Path campaigns = Files.createDirectories(dataDir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("hello.yaml"), "id: hello\ntrigger: {event: customer_signed_up}\n"
                + "template: welcome\n");
        Files.writeString(campaigns.resolve("cross-sell.yaml"), "id: cross-sell\ntrigger: {event: order_completed}\n"
                + "timing: {bestHour: true}\ntemplate: thank-you\n");
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.RULES_DIR, campaigns.toString()));
        for (Customer c : new Customer[]{ANN, BOB}) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(c));
        }
        herald.awaitMails(2);
        herald.awaitIdle();
        Instant now = Instant.now();
        annsHour = now.plus(Duration.ofHours(3)).atZone(ZoneOffset.UTC).getHour();
        for (int day = 1; day <= 3; day++) {
            Instant opened = now.minus(Duration.ofDays(day)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(annsHour))
                    .plus(Duration.ofMinutes(10 * day));
            herald.update("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind, occurred_at)"
                    + " values (0, ?, 'earlier', 'A', 'OPEN', ?)", ANN.id(), opened.atOffset(ZoneOffset.UTC));
        }
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(ANN, "O-ANN-1", item("P-MUG", "Mug", 1, "2.50")));
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(BOB, "O-BOB-1", item("P-MUG", "Mug", 1, "2.50")));
        herald.awaitMails(3); // two hellos and Bob's cross-sell
        // the outbox is not empty (Ann's email waits): wait for the dispatcher to have looked at it
        await("Ann's cross-sell deferred").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where campaign = 'cross-sell' and last_error is not null") == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void annsCrossSellWaitsForHerBestHourWhileHerHelloWentAtOnce() {
        String reason = String.format("deferred: best hour %02d:00 UTC", annsHour);
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'cross-sell' and customer_id = ?"
                + " and status = 'PENDING' and last_error = ?", ANN.id(), reason)).isEqualTo(1);
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'hello' and customer_id = ?"
                + " and status = 'SENT'", ANN.id())).isEqualTo(1);
        assertThat(TestMail.readAll(herald.mails())).filteredOn(m -> m.to().contains(ANN.email()))
                .extracting(TestMail.Mail::campaign).doesNotContain("cross-sell");
    }

    @Test
    void aCustomerWithoutAHabitGetsTheEmailAtOnce() {
        assertThat(TestMail.only(herald.mails(), BOB.email(), "cross-sell")).isNotNull();
    }
}
