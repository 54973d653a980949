package dev.herald.ear;

import jakarta.mail.Session;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** camel-mail connects to its URI's host and port, so the URI must be the mail session's server. */
class SmtpUriTest {

    @Test
    void uriIsTheSessionsHostAndPort() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "mailpit");
        p.put("mail.smtp.port", "1025");

        assertThat(HeraldStartup.smtpUri(Session.getInstance(p))).isEqualTo("smtp://mailpit:1025");
    }

    @Test
    void sessionWithoutAnSmtpServerIsAnErrorNamingTheSession() {
        assertThatThrownBy(() -> HeraldStartup.smtpUri(Session.getInstance(new Properties())))
                .hasMessageContaining(HeraldStartup.MAIL_SESSION).hasMessageContaining("mail.smtp.host");
    }
}
