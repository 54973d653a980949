package dev.herald.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.demo.DemoScenario;
import dev.herald.app.demo.JmsEventPublisher;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Herald stopped while events are still queued or being processed loses none and repeats none: a second
 * Herald on the same data directory (broker journal and database) finishes the work. One SMTP server, run by
 * the test, receives what both runs send, so a repeat would show up as a second email.
 */
class RestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(RestartIT.class);
    static final int CUSTOMERS = 30;

    @TempDir
    Path dataDir;
    GreenMail smtp;

    @BeforeEach
    void startSmtpServer() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stopSmtpServer() {
        smtp.stop();
    }

    @Test
    void eventsInFlightAtShutdownAreEmailedExactlyOnceAfterRestart() throws Exception {
        Map<String, String> sharedSmtp = Map.of(HeraldConfig.SMTP_HOST, "127.0.0.1",
                HeraldConfig.SMTP_PORT, String.valueOf(smtp.getSmtp().getPort()));
        List<Customer> customers = IntStream.rangeClosed(1, CUSTOMERS)
                .mapToObj(i -> TestEvents.customer("C-RESTART-" + i, "Restart " + i)).toList();
        List<DemoScenario.DemoEvent> signups = customers.stream()
                .map(c -> new DemoScenario.DemoEvent(RouteSettings.CRM_QUEUE, c.id(), TestEvents.signup(c).toString(),
                        DemoScenario.Kind.VALID, "signup"))
                .toList();

        TestHerald first = TestHerald.start(dataDir, sharedSmtp);
        try {
            new JmsEventPublisher(first.runtime().connectionFactory()).publish(signups);
        } finally {
            first.close(); // at once, with the events just published still queued or in flight
        }
        int sentByFirst = smtp.getReceivedMessages().length;
        LOG.info("the first run processed {} of {} events and sent {} emails before it stopped",
                first.count("select count(*) from processed_event"), CUSTOMERS, sentByFirst);
        assertThat(sentByFirst).as("emails sent before the restart (else the restart has nothing to finish)")
                .isLessThan(CUSTOMERS);

        try (TestHerald second = TestHerald.start(dataDir, sharedSmtp)) {
            second.awaitIdle();

            assertThat(second.countBy("select customer_id, count(*) from outbox_message where status = 'SENT'"
                    + " group by customer_id"))
                    .containsOnlyKeys(customers.stream().map(Customer::id).toList())
                    .allSatisfy((customer, sent) -> assertThat(sent).as(customer).isEqualTo(1));
            assertThat(second.count("select count(*) from outbox_message")).isEqualTo(CUSTOMERS);
            assertThat(second.count("select count(*) from processed_event")).isEqualTo(CUSTOMERS);
            assertThat(second.runtime().broker().messageCount(RouteSettings.DEAD_LETTER_QUEUE)).isZero();
        }

        Map<String, Long> emailsPerRecipient = TestMail.readAll(Arrays.asList(smtp.getReceivedMessages())).stream()
                .flatMap(m -> m.to().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(emailsPerRecipient)
                .containsOnlyKeys(customers.stream().map(Customer::email).toList())
                .allSatisfy((recipient, emails) -> assertThat(emails).as(recipient).isEqualTo(1));
        assertThat(smtp.getReceivedMessages()).hasSize(CUSTOMERS);
    }
}
