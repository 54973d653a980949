package dev.herald.routes;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The wording of the pages customers reach from an email (unsubscribe, email preferences, double opt-in), in the
 * language their browser asks for ({@code Accept-Language}) where Herald has it, else English. The texts live in
 * {@code CustomerPages*.properties} beside this class; every text is HTML-escaped here, and only the code's own
 * markup is put into a {@code {0}}.
 */
final class CustomerPages {

    /** The languages the pages are written in; the first is the fallback. */
    static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.GERMAN);
    private static final ResourceBundle.Control NO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Locale language;
    private final ResourceBundle texts;

    private CustomerPages(Locale language) {
        this.language = language;
        this.texts = ResourceBundle.getBundle(CustomerPages.class.getName(), language, NO_DEFAULT_LOCALE);
    }

    /** The pages for a request's {@code Accept-Language} (a malformed or missing header means English). */
    static CustomerPages forAcceptLanguage(String acceptLanguage) {
        Locale chosen = null;
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                chosen = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), LANGUAGES);
            } catch (IllegalArgumentException e) {
                chosen = null;
            }
        }
        return new CustomerPages(chosen == null ? LANGUAGES.get(0) : chosen);
    }

    /** The language the pages are written in for this request. */
    Locale language() {
        return language;
    }

    /** The text of {@code key}, HTML-escaped. */
    String text(String key) {
        return Html.escape(texts.getString(key));
    }

    /** The text of {@code key}, HTML-escaped, with {@code html} (the code's own markup) in place of {0}. */
    String text(String key, String html) {
        return text(key).replace("{0}", html);
    }

    /** A whole page: the title (a key) as its title and heading, then {@code content}, in the page's language. */
    String page(String titleKey, String content) {
        String title = text(titleKey);
        return "<!DOCTYPE html><html lang=\"" + language.toLanguageTag() + "\"><head><meta charset=\"UTF-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\"><title>" + title
                + "</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;max-width:480px;margin:48px"
                + " auto;\"><h1>" + title + "</h1>" + content + "</body></html>";
    }
}
