package dev.herald.app;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * herald.smtp.user and herald.smtp.password really reach camel-mail: GreenMail with authentication accepts
 * Herald's email with the right password and refuses it with a wrong one, which is retried, not treated as a
 * bounce of the recipient.
 */
class SmtpAuthenticationIT {

    GreenMail relay;

    @BeforeEach
    void startRelay() {
        relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("herald", "relay-secret"));
        relay.start();
    }

    @AfterEach
    void stopRelay() {
        relay.stop();
    }

    @Test
    void rightCredentialsDeliverWrongOnesAreRefusedAndRetried(@TempDir Path good, @TempDir Path bad) throws Exception {
        try (TestHerald herald = TestHerald.start(good, settings("relay-secret"))) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(TestEvents.customer("C-AUTH", "Ann Auth")));
            await("delivered with authentication").atMost(TestHerald.PATIENCE)
                    .until(() -> relay.getReceivedMessages().length == 1);
        }
        try (TestHerald herald = TestHerald.start(bad, settings("wrong-password"))) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(TestEvents.customer("C-NOAUTH", "Bob NoAuth")));
            await("refused").atMost(TestHerald.PATIENCE).until(() ->
                    herald.count("select count(*) from outbox_message where attempts > 0") == 1);
            assertThat(herald.count("select count(*) from outbox_message where status = 'PENDING'"
                    + " and lower(last_error) like '%auth%'")).as("retried, with the reason").isEqualTo(1);
            assertThat(herald.count("select count(*) from suppression")).as("not a bounce").isZero();
        }
        assertThat(relay.getReceivedMessages()).hasSize(1);
    }

    private Map<String, String> settings(String password) {
        return Map.of(HeraldConfig.SMTP_HOST, "127.0.0.1", HeraldConfig.SMTP_PORT, String.valueOf(relay.getSmtp().getPort()),
                HeraldConfig.SMTP_USER, "herald", HeraldConfig.SMTP_PASSWORD, password);
    }
}
