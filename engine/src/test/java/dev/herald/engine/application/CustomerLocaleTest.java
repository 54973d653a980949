package dev.herald.engine.application;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which locale a customer's emails are written in, from the attributes Herald keeps. */
class CustomerLocaleTest {

    private static final Locale FALLBACK = Locale.UK;

    @Test
    void the_locale_attribute_wins_written_as_a_tag_or_as_java_writes_it() {
        assertThat(CustomerLocale.of(Map.of("locale", "de-AT", "language", "fr"), "GB", FALLBACK))
                .isEqualTo(Locale.forLanguageTag("de-AT"));
        assertThat(CustomerLocale.of(Map.of("locale", "pt_BR"), "", FALLBACK)).isEqualTo(Locale.forLanguageTag("pt-BR"));
    }

    @Test
    void a_language_code_or_name_takes_a_two_letter_country_as_its_region() {
        assertThat(CustomerLocale.of(Map.of("language", "de"), "AT", FALLBACK)).isEqualTo(Locale.forLanguageTag("de-AT"));
        assertThat(CustomerLocale.of(Map.of("language", "German"), "ch", FALLBACK))
                .isEqualTo(Locale.forLanguageTag("de-CH"));
        assertThat(CustomerLocale.of(Map.of("language", "Deutsch", "country", "DE"), null, FALLBACK))
                .isEqualTo(Locale.GERMANY);
        assertThat(CustomerLocale.of(Map.of("language", "français"), "France", FALLBACK)).isEqualTo(Locale.FRENCH);
        assertThat(CustomerLocale.of(Map.of("language", "es-MX"), "ES", FALLBACK))
                .isEqualTo(Locale.forLanguageTag("es-MX"));
    }

    @Test
    void what_names_no_language_is_passed_over_for_the_fallback() {
        assertThat(CustomerLocale.of(Map.of(), "DE", FALLBACK)).isEqualTo(FALLBACK);
        assertThat(CustomerLocale.of(Map.of("locale", "  ", "language", "Klingonish"), "", FALLBACK)).isEqualTo(FALLBACK);
        assertThat(CustomerLocale.of(Map.of("locale", "not a tag!"), "", FALLBACK)).isEqualTo(FALLBACK);
        assertThat(CustomerLocale.of(Map.of("locale", "not a tag!", "language", "it"), "", FALLBACK))
                .isEqualTo(Locale.ITALIAN);
    }
}
