package dev.herald.engine.engagement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Character references in an attribute value, decoded the one way the tracking rewrite, link check and click map read links. */
class HtmlEntitiesTest {

    @Test
    void namedAndNumericReferencesAreDecodedAndInvalidOnesKeptAsWritten() {
        assertThat(HtmlEntities.unescape("https://shop.example/?a=1&amp;b=2&#38;c=&#x33;&quot;"))
                .isEqualTo("https://shop.example/?a=1&b=2&c=3\"");
        assertThat(HtmlEntities.unescape("&#X2F;&lt;&gt;&apos;")).isEqualTo("/<>'");
        assertThat(HtmlEntities.unescape("&#99999999999;&#x110000;&nbsp;")).isEqualTo("&#99999999999;&#x110000;&nbsp;");
    }
}
