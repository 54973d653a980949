package dev.herald.engine.consent;

import dev.herald.engine.engagement.TrackingTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Address normal form and token signing, without a database. */
class TrackingAndAddressesTest {

    private final TrackingTokens tokens = new TrackingTokens("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));

    @Test
    void addressesNormaliseToOneFormAndHash() {
        assertThat(EmailAddresses.normalise(" Ann Smith <Ann@Example.COM> ")).isEqualTo("ann@example.com");
        assertThat(EmailAddresses.normalise("rfc822; Bob@example.com")).isEqualTo("bob@example.com");
        assertThat(EmailAddresses.hash("ANN@example.com")).isEqualTo(EmailAddresses.hash("ann@example.com"))
                .hasSize(64).doesNotContain("ann");
        assertThatThrownBy(() -> EmailAddresses.normalise("not an address")).hasMessageContaining("not an email address");
        assertThatThrownBy(() -> EmailAddresses.normalise("a@b@c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokensVerifyOnlyForTheirKindAndContent() {
        String click = tokens.click(42, "https://shop.example/x?y=1:2");

        assertThat(tokens.verify(click, TrackingTokens.Kind.CLICK)).get()
                .isEqualTo(new TrackingTokens.Parsed(TrackingTokens.Kind.CLICK, 42, "https://shop.example/x?y=1:2"));
        assertThat(tokens.verify(click, TrackingTokens.Kind.UNSUBSCRIBE)).isEmpty();
        assertThat(tokens.verify(tokens.unsubscribe(42), TrackingTokens.Kind.UNSUBSCRIBE)).get()
                .extracting(TrackingTokens.Parsed::outboxId).isEqualTo(42L);
        assertThat(tokens.verify(tokens.confirm("c-9"), TrackingTokens.Kind.CONFIRM)).get()
                .extracting(TrackingTokens.Parsed::subject).isEqualTo("c-9");
        assertThat(tokens.verify(null, TrackingTokens.Kind.OPEN)).isEmpty();
        assertThat(tokens.verify("a.b.c", TrackingTokens.Kind.OPEN)).isEmpty();
        assertThat(tokens.verify("!!!.???", TrackingTokens.Kind.OPEN)).isEmpty();
        assertThat(tokens.unsubscribe(1)).isNotEqualTo(tokens.unsubscribe(2)).matches("[A-Za-z0-9_.-]+");
        assertThatThrownBy(() -> new TrackingTokens(new byte[8])).hasMessageContaining("16 bytes");
    }
}
