package dev.herald.app;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bounce mailbox read over POP3 (GreenMail): a DSN suppresses the address and is deleted once read. */
class Pop3BounceMailboxIT {

    @TempDir
    Path dataDir;

    @Test
    void aDsnReadOverPop3SuppressesTheAddress() throws Exception {
        GreenMail mailbox = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        mailbox.start();
        try {
            GreenMailUser user = mailbox.setUser("bounces@herald.example", "popbounces", "pop-secret");
            try (TestHerald herald = TestHerald.start(dataDir, Map.of(HeraldConfig.BOUNCE_MAILBOX,
                    "pop3://127.0.0.1:" + mailbox.getPop3().getPort()
                            + "?username=popbounces&password=pop-secret&delay=100&initialDelay=0&delete=true"))) {
                user.deliver(ConsentAndTrackingIT.dsn("Gone@Example.org", "5.1.1"));

                await("suppressed from the POP3 DSN").atMost(TestHerald.PATIENCE).until(() ->
                        herald.count("select count(*) from suppression where address = 'gone@example.org'"
                                + " and reason = 'BOUNCED' and source = 'dsn-mailbox'") == 1);
                await("the DSN deleted once read").atMost(TestHerald.PATIENCE).until(() ->
                        mailbox.getReceivedMessagesForDomain("herald.example").length == 0);
                assertThat(herald.count("select count(*) from bounce_event")).isEqualTo(1);
            }
        } finally {
            mailbox.stop();
        }
    }
}
