package dev.herald.engine.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider behind a domain: the big consumer providers by their published domains, any other domain itself. */
class MailboxProvidersTest {

    @Test
    void knownConsumerDomainsNameTheirProviderAndOthersStayThemselves() {
        assertThat(MailboxProviders.of("googlemail.com")).isEqualTo("Gmail");
        assertThat(MailboxProviders.of(" Hotmail.co.uk ")).isEqualTo("Microsoft");
        assertThat(MailboxProviders.of("aol.com")).isEqualTo("Yahoo");
        assertThat(MailboxProviders.of("web.de")).isEqualTo("GMX and web.de");
        assertThat(MailboxProviders.of("shop.example")).isEqualTo("shop.example");
        assertThat(MailboxProviders.of("")).isEqualTo("(no domain)");
    }
}
