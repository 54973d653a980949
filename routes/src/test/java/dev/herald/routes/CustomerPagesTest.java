package dev.herald.routes;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages customers reach from an email speak the browser's language where Herald has it, else English. */
class CustomerPagesTest {

    @Test
    void the_browsers_best_language_that_herald_has_wins_else_english() {
        assertThat(CustomerPages.forAcceptLanguage("de-CH,de;q=0.9,en;q=0.8").page("unsubscribe.title", ""))
                .contains("<html lang=\"de\">", "<h1>Abmelden</h1>");
        assertThat(CustomerPages.forAcceptLanguage("fr-FR,fr;q=0.9,de;q=0.5").text("optin.button"))
                .isEqualTo("Bestätigen");
        for (String header : new String[]{null, "", "fr-FR", "not a ;; header ==", "*"}) {
            assertThat(CustomerPages.forAcceptLanguage(header).page("unsubscribe.title", "")).as(header)
                    .contains("<html lang=\"en\">", "<h1>Unsubscribe</h1>");
        }
    }

    @Test
    void texts_are_escaped_and_only_the_codes_markup_fills_the_placeholder() {
        CustomerPages de = CustomerPages.forAcceptLanguage("de");
        assertThat(de.text("unsubscribe.preferences", "<a href=\"x\">y</a>")).isEqualTo("Oder <a href=\"x\">y</a>.");
        assertThat(de.text("invalid.title")).isEqualTo("Link ungültig");
    }

    @Test
    void every_language_defines_every_text_of_the_english_pages_itself() throws Exception {
        Set<String> keys = keysOf("CustomerPages.properties");
        assertThat(keys).contains("unsubscribe.title", "preferences.title", "optin.title");
        for (Locale language : CustomerPages.LANGUAGES) {
            if (!language.equals(Locale.ENGLISH)) {
                // a missing key would show the English text in the middle of the page
                assertThat(keysOf("CustomerPages_" + language.getLanguage() + ".properties")).as(language.toString())
                        .isEqualTo(keys);
            }
        }
    }

    private static Set<String> keysOf(String file) throws java.io.IOException {
        Properties texts = new Properties();
        try (var in = CustomerPages.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            texts.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return new TreeSet<>(texts.stringPropertyNames());
    }
}
