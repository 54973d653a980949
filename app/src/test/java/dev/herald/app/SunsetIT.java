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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sunset policy on the standalone runtime (ADR 0070), from herald-rules.yaml: Ann got two marketing emails this
 * month and opened neither, so the browse nudge to her is suppressed with its reason while Bob, who opened one, gets
 * his; the re-engagement campaign, which includes the unengaged, still reaches Ann. The console shows when each last
 * engaged.
 */
class SunsetIT {

    static final Customer ANN = TestEvents.customer("C-SUNSET-ANN", "Ann Silent");
    static final Customer BOB = TestEvents.customer("C-SUNSET-BOB", "Bob Reader");

    @TempDir
    static Path dataDir;
    static TestHerald herald;

    @BeforeAll
    static void annAndBobGotTwoEmailsAndOnlyBobOpenedOne() throws Exception {
        Path campaigns = Files.createDirectories(dataDir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("herald-rules.yaml"), "sunset: {after: 30d, minEmails: 2}\n");
        Files.writeString(campaigns.resolve("browse.yaml"), "id: browse\ntrigger: {event: product_viewed}\n"
                + "template: welcome\n");
        Files.writeString(campaigns.resolve("we-miss-you.yaml"), "id: we-miss-you\ntrigger: {event: page_viewed}\n"
                + "audience: {includeUnengaged: true}\ntemplate: win-back\n");
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.RULES_DIR, campaigns.toString()));
        for (Customer c : new Customer[]{ANN, BOB}) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(c));
        }
        herald.awaitIdle();
        Instant now = Instant.now();
        long id = 900_000; // far above the ids Herald's sequence hands out in this test
        for (Customer c : new Customer[]{ANN, BOB}) {
            for (int daysAgo : new int[]{20, 10}) {
                Instant at = now.minus(Duration.ofDays(daysAgo));
                herald.update("insert into outbox_message (id, campaign, customer_id, step, variant, event_id,"
                        + " template_key, recipient, model_json, status, attempts, claims, created_at, next_attempt_at,"
                        + " sent_at) values (?, 'newsletter', ?, ?, 'A', ?, 'welcome', ?, '{}', 'SENT', 1, 1, ?, ?, ?)",
                        id++, c.id(), "issue-" + daysAgo, "evt-issue-" + daysAgo + c.id(), c.email(),
                        at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC));
            }
        }
        herald.update("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind, occurred_at)"
                + " values (0, ?, 'newsletter', 'A', 'OPEN', ?)", BOB.id(),
                now.minus(Duration.ofDays(9)).atOffset(ZoneOffset.UTC));
        for (Customer c : new Customer[]{ANN, BOB}) {
            herald.send(RouteSettings.CRM_QUEUE, event(c, "product_viewed"));
        }
        herald.send(RouteSettings.CRM_QUEUE, event(ANN, "page_viewed"));
        herald.awaitMails(2);
        await("Ann's browse nudge looked at").atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from outbox_message where campaign = 'browse' and status <> 'PENDING'") == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void annsNudgeIsSuppressedWithTheReasonAndBobGetsHis() {
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'browse' and customer_id = ?"
                + " and status = 'SUPPRESSED' and last_error = ?", ANN.id(),
                "suppressed: sunset: no opens, clicks or orders in 30d over 2 marketing emails")).isEqualTo(1);
        assertThat(TestMail.only(herald.mails(), BOB.email(), "browse")).isNotNull();
        assertThat(TestMail.readAll(herald.mails())).filteredOn(m -> m.to().contains(ANN.email()))
                .extracting(TestMail.Mail::campaign).containsExactly("we-miss-you");
    }

    @Test
    void theConsoleShowsWhenEachCustomerLastEngaged() throws Exception {
        herald.runtime().consoleUsers().add("ana", "correct horse battery".toCharArray(),
                dev.herald.routes.console.ConsoleRole.ANALYST);
        dev.herald.app.console.ConsoleHttpSession analyst = dev.herald.app.console.ConsoleHttpSession.login(
                herald.runtime().httpPort(), "ana", "correct horse battery");

        assertThat(analyst.get("/console/customers/" + ANN.id()).body()).contains("never opened, clicked or ordered");
        assertThat(analyst.get("/console/customers/" + BOB.id()).body())
                .contains("(latest open, click or order)");
    }

    private static ObjectNode event(Customer customer, String type) {
        ObjectNode e = TestEvents.signup(TestEvents.newId(type), customer);
        e.put("type", type);
        e.put("productId", "p-1");
        e.put("url", "/welcome-back");
        return e;
    }
}
