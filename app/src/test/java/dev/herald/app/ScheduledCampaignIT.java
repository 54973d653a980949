package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.engine.schedule.ScheduledCampaignRuns;
import dev.herald.engine.schedule.ScheduledCampaignRuns.Outcome;
import dev.herald.engine.schedule.ScheduledCampaignRuns.Run;
import dev.herald.routes.RouteSettings;
import dev.herald.rules.campaign.CampaignPublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A campaign with {@code trigger.at} goes out at its time to its audience, once (ADR 0061), on the standalone runtime
 * with H2, the embedded broker, GreenMail and the scheduler's timer. Ann and Cat said yes to marketing, Bob no; the
 * newsletter asks for email consent. It is published while Herald runs, a minute past its time, as a marketer would
 * from the console; a sale whose time passed three days ago is published with it, and a campaign for next month.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduledCampaignIT {

    static final Customer ANN = TestEvents.customer("C-ANN", "Ann Smith");
    static final Customer BOB = TestEvents.customer("C-BOB", "Bob Jones");
    static final Customer CAT = TestEvents.customer("C-CAT", "Cat Brown");
    static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @TempDir
    static Path dataDir;
    static Path campaigns;
    static TestHerald herald;

    @BeforeAll
    static void startWithCustomers() throws Exception {
        campaigns = Files.createDirectories(dataDir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("thanks.yaml"), "id: thanks\ntrigger: {event: order_completed}\n"
                + "template: thank-you\n");
        herald = startHerald();
        for (Customer c : List.of(ANN, BOB, CAT)) {
            herald.send(RouteSettings.CRM_QUEUE, TransactionalCampaignIT.identify(c, c != BOB));
        }
        herald.awaitIdle();
        CampaignPublisher publisher = herald.runtime().campaignPublisher();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        assertThat(publisher.publish("newsletter.yaml", scheduled("newsletter", now.minusMinutes(1), "welcome"))
                .live()).isTrue();
        assertThat(publisher.publish("old-sale.yaml", scheduled("old-sale", now.minusDays(3), "welcome")).live())
                .isTrue();
        assertThat(publisher.publish("next-month.yaml", scheduled("next-month", now.plusDays(30), "welcome")).live())
                .isTrue();
    }

    static TestHerald startHerald() throws Exception {
        return TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.RULES_DIR, campaigns.toString(),
                HeraldConfig.SCHEDULE_PERIOD_MS, "200"));
    }

    static String scheduled(String id, LocalDateTime at, String template) {
        return "id: " + id + "\ntrigger:\n  at: " + MINUTES.format(at) + "\n  zone: UTC\naudience:\n  consent: email\n"
                + "template: " + template + "\n";
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    @Order(1)
    void atItsTimeTheNewsletterReachesEveryoneWhoSaidYesOnce() {
        await("the newsletter's run is done").atMost(TestHerald.PATIENCE).until(() -> run("newsletter")
                .map(r -> r.outcome() == Outcome.DONE).orElse(false));
        herald.awaitIdle();

        assertThat(TestMail.only(herald.mails(), ANN.email(), "newsletter")).isNotNull();
        assertThat(TestMail.only(herald.mails(), CAT.email(), "newsletter")).isNotNull();
        assertThat(TestMail.readAll(herald.mails())).filteredOn(m -> m.to().contains(BOB.email())).isEmpty();
        Run run = run("newsletter").orElseThrow();
        assertThat(List.of(run.customers(), run.decided(), run.emails())).containsExactly(3L, 2L, 2L);
    }

    @Test
    @Order(2)
    void aCampaignWhoseTimePassedDaysAgoIsRecordedAsMissedAndTheNextMonthsWaits() {
        await("the old sale is looked at").atMost(TestHerald.PATIENCE).until(() -> run("old-sale").isPresent());

        assertThat(run("old-sale").orElseThrow().outcome()).isEqualTo(Outcome.MISSED);
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'old-sale'")).isZero();
        assertThat(run("next-month")).isEmpty();
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'next-month'")).isZero();
    }

    @Test
    @Order(3)
    void aRestartSendsNothingAgain() throws Exception {
        int before = herald.mails().size();
        herald.close();
        herald = startHerald();

        assertThat(herald.runtime().scheduledRuns().runDue().customers()).isZero();
        herald.awaitIdle();
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'newsletter'")).isEqualTo(2);
        assertThat(run("newsletter").orElseThrow().outcome()).isEqualTo(Outcome.DONE);
        assertThat(before).isEqualTo(2);
    }

    static java.util.Optional<Run> run(String campaign) {
        ScheduledCampaignRuns runs = herald.runtime().scheduledRuns();
        return runs.runs().stream().filter(r -> r.campaign().equals(campaign)).findFirst();
    }
}
