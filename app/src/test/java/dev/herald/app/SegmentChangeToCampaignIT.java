package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The whole path from a segment change to a campaign email: orders arrive over JMS, consent and country are
 * imported from a CRM file, {@code herald segment rfm} scores everyone, and the customers it moves into "At risk"
 * reach the example win-back campaign as segment_changed events — the one with email consent on record gets
 * the win-back (outbox row, then email), the one without gets nothing.
 */
class SegmentChangeToCampaignIT {

    static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void enteringAtRiskSendsTheWinBackOnlyWithConsentOnRecord() throws Exception {
        try (TestHerald herald = TestHerald.start(dataDir)) {
            // customer i has i orders of 100, the last 10·i days before AS_OF: C7 and C8 end up "At risk"
            int orders = 0;
            for (int i = 1; i <= 10; i++) {
                Customer customer = TestEvents.customer("C" + i, "Customer " + i);
                for (int j = 0; j < i; j++) {
                    herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(customer, "O-" + i + "-" + j,
                                    item("P-MUG", "Mug", 1, "100.00"))
                            .put("timestamp", AS_OF.minus(Duration.ofDays(10L * i + j)).toString()));
                    orders++;
                }
            }
            int allOrders = orders;
            await("every order stored").atMost(TestHerald.PATIENCE).until(() ->
                    herald.count("select count(*) from customer_order") == allOrders);
            herald.awaitIdle();
            assertThat(herald.count("select count(*) from outbox_message where campaign = 'win-back-at-risk'")).isZero();

            // the CRM export: country and marketing consent; C7 never gave consent
            Path crm = dataDir.resolve("crm.csv");
            Files.writeString(crm, "id,country,consent_email\nC7,United Kingdom,\nC8,United Kingdom,yes\n");
            assertThat(TestCli.run("import", "customers", crm.toString(), "--id-column", "id", "--id-prefix", "",
                    "--data-dir", dataDir.toString()).exitCode()).isZero();

            TestCli.Result rfm = TestCli.run("segment", "rfm", "--as-of", "2026-03-01", "--data-dir", dataDir.toString());
            assertThat(rfm.exitCode()).as(rfm.err()).isZero();
            assertThat(herald.countBy("select customer_id, count(*) from segment_membership"
                    + " where segment = 'At risk' group by customer_id order by customer_id")).containsOnlyKeys("C7", "C8");

            await("every segment change processed").atMost(TestHerald.PATIENCE).until(() ->
                    herald.count("select count(*) from processed_event where event_type = 'segment_changed'") == 10);
            herald.awaitIdle();

            // the decision is an outbox row written with the segment_changed event: C8 only (C7 has no consent)
            assertThat(herald.countBy("select customer_id, count(*) from outbox_message"
                    + " where campaign = 'win-back-at-risk' group by customer_id")).containsExactly(entry("C8", 1L));
            assertThat(herald.count("select count(*) from outbox_message o join processed_event p"
                    + " on p.event_id = o.event_id where o.campaign = 'win-back-at-risk'"
                    + " and p.event_type = 'segment_changed' and p.customer_id = 'C8'")).isEqualTo(1);
            assertThat(herald.count("select count(*) from processed_event where event_type = 'segment_changed'"
                    + " and customer_id = 'C7' and decisions = 0")).isEqualTo(1);

            // ...and the email goes out (the other ten are the customers' first-order thank-yous)
            herald.awaitMails(11);
            TestMail.only(herald.mails(), "c8@example.com", "win-back-at-risk");
            assertThat(TestMail.readAll(herald.mails())).filteredOn(mail -> "win-back-at-risk".equals(mail.campaign()))
                    .hasSize(1);
        }
    }
}
