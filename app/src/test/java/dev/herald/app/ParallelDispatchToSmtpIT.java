package dev.herald.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Herald with four dispatch threads ({@code herald.dispatch.threads}) sending to a real SMTP server (GreenMail):
 * every email arrives once, no outbox row is leased twice, and a frequency cap holds although several threads
 * pick emails to the same customers at the same time (ADR 0026).
 */
class ParallelDispatchToSmtpIT {

    @TempDir
    Path dataDir;

    static Map<String, String> parallel(String... more) {
        Map<String, String> s = new java.util.HashMap<>(Map.of(HeraldConfig.DISPATCH_THREADS, "4",
                HeraldConfig.DISPATCH_BATCH, "5", HeraldConfig.DISPATCH_PERIOD_MS, "20"));
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return s;
    }

    @Test
    void fourDispatchThreadsDeliverEveryEmailExactlyOnce() throws Exception {
        List<Customer> customers = customers("C-PAR", 300);
        try (TestHerald herald = TestHerald.start(dataDir, parallel())) {
            customers.forEach(c -> herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup("signup-" + c.id(), c)));
            herald.awaitMails(customers.size());
            await("every outbox row sent").atMost(TestHerald.PATIENCE)
                    .until(() -> herald.count("select count(*) from outbox_message where status = 'SENT'") == 300);

            assertThat(perRecipient(herald.mails())).containsOnlyKeys(customers.stream().map(Customer::email).toList())
                    .allSatisfy((recipient, n) -> assertThat(n).as(recipient).isEqualTo(1L));
            assertThat(herald.count("select count(*) from outbox_message where claims <> 1 or attempts <> 0"))
                    .as("rows leased more than once, or failed").isZero();
        }
    }

    /**
     * Batches that take longer to send than their lease: behind a slow SMTP server (each reply held 10 ms, about
     * 40 ms per email) each thread claims up to 100 emails under a 2-second lease and sends them one by one, so the
     * other thread finds the rest of a batch expired and claims it. Each email must still go out once: a claim
     * checks its lease before each send ({@code OutboxDispatcher.holdLease}). Without that check, such runs sent
     * emails twice.
     */
    @Test
    void batchesThatOutliveTheirLeaseStillSendEachEmailOnce() throws Exception {
        List<Customer> customers = customers("C-LEASE", 400);
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        try (SlowSmtpProxy slow = new SlowSmtpProxy(smtp.getSmtp().getPort(), Duration.ofMillis(10));
             TestHerald herald = TestHerald.start(dataDir, Map.of(HeraldConfig.DISPATCH_THREADS, "2",
                     HeraldConfig.DISPATCH_BATCH, "100", HeraldConfig.DISPATCH_PERIOD_MS, "20",
                     HeraldConfig.DISPATCH_LEASE_MS, "2000",
                     HeraldConfig.SMTP_HOST, "127.0.0.1", HeraldConfig.SMTP_PORT, String.valueOf(slow.port())))) {
            customers.forEach(c -> herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup("signup-" + c.id(), c)));
            await("every outbox row sent").atMost(TestHerald.PATIENCE)
                    .until(() -> herald.count("select count(*) from outbox_message where status = 'SENT'") == 400);

            assertThat(perRecipient(List.of(smtp.getReceivedMessages())))
                    .containsOnlyKeys(customers.stream().map(Customer::email).toList())
                    .allSatisfy((recipient, n) -> assertThat(n).as(recipient).isEqualTo(1L));
            assertThat(herald.count("select count(*) from outbox_message where claims > 1"))
                    .as("emails claimed again after their lease ran out mid-batch").isPositive();
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aFrequencyCapHoldsUnderParallelDispatch() throws Exception {
        List<Customer> customers = customers("C-CAP", 60);
        // one campaign email per customer and week; a signup and an order each decide two (welcome, thank-you)
        try (TestHerald herald = TestHerald.start(dataDir, parallel("herald.cap.global", "1/7d"))) {
            for (Customer c : customers) {
                herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup("signup-" + c.id(), c));
                herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(c, "O-" + c.id(),
                        TestEvents.item("85123A", "White Hanging Heart T-Light Holder", 2, "2.55")));
            }
            await("every event processed").atMost(TestHerald.PATIENCE)
                    .until(() -> herald.count("select count(*) from processed_event") == 2L * customers.size());
            await("every email sent or deferred").atMost(TestHerald.PATIENCE)
                    .until(() -> herald.count("select count(*) from outbox_message where status = 'SENT'"
                            + " or (status = 'PENDING' and last_error like 'deferred: global frequency cap%')")
                            == herald.count("select count(*) from outbox_message"));

            assertThat(herald.count("select count(*) from outbox_message")).as("emails decided")
                    .isGreaterThan(customers.size());
            assertThat(herald.count("select count(*) from outbox_message where status = 'SENT'"))
                    .isEqualTo(customers.size());
            assertThat(perRecipient(herald.mails())).hasSize(customers.size())
                    .allSatisfy((recipient, n) -> assertThat(n).as(recipient + ", cap 1 per 7 days").isEqualTo(1L));
        }
    }

    private static List<Customer> customers(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> TestEvents.customer(prefix + "-" + i, "Parallel " + i)).toList();
    }

    private static Map<String, Long> perRecipient(List<MimeMessage> messages) {
        return TestMail.readAll(messages).stream().flatMap(m -> m.to().stream())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }
}
