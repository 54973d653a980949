package dev.herald.templates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translations: the reader's locale picks {@code locales/<tag>/} of the template, its variant and the shared parts;
 * the validator keeps every email in one language; the library adds and removes a translation whole.
 */
class TranslatedTemplatesTest {

    @TempDir
    Path edits;

    private final MustacheTemplateRenderer shipped = new MustacheTemplateRenderer();

    private static Map<String, Object> reader(String locale) {
        Map<String, Object> model = Models.welcome("Ada Lovelace", "Ada");
        if (locale != null) {
            model.put("locale", locale);
        }
        return model;
    }

    @Test
    void a_german_reader_gets_the_german_welcome_with_the_german_layout_footer_and_text() {
        RenderedTemplate email = shipped.render("welcome", null, reader("de-DE"));

        assertThat(email.subject()).isEqualTo("Willkommen bei Herald Shop, Ada!");
        assertThat(email.preheader()).startsWith("Ihr Konto ist bereit, Ada");
        assertThat(email.html()).contains("<html lang=\"de\">", "Hallo Ada,", "Sie erhalten sie, weil Sie ein Konto")
                .doesNotContain("You receive it");
        assertThat(email.text()).contains("Hallo Ada,", "Zu den Neuheiten:", "Sie erhalten sie, weil Sie ein Konto")
                .doesNotContain("Browse the new arrivals");
        assertThat(shipped.translationFor("welcome", "de-DE")).isEqualTo("de");
    }

    @Test
    void the_double_opt_in_confirmation_asks_a_german_reader_in_german() {
        Map<String, Object> model = reader("de-DE");
        model.put("confirmUrl", "https://shop.example/optin/t0k3n");
        RenderedTemplate email = shipped.render("confirm-subscription", null, model);

        assertThat(email.subject()).isEqualTo("Bitte bestätigen Sie Ihr Abonnement bei Herald Shop");
        assertThat(email.text()).contains("Hallo Ada,", "https://shop.example/optin/t0k3n");
        assertThat(email.html()).contains("Ja, ich möchte sie erhalten", "Sie erhalten sie, weil Sie ein Konto");
    }

    @Test
    void a_reader_whose_language_the_template_is_not_translated_into_gets_it_as_written_shared_parts_included() {
        for (String locale : new String[]{"fr-FR", "en-GB", null, "", "not a tag"}) {
            RenderedTemplate email = shipped.render("welcome", null, reader(locale));
            assertThat(email.subject()).as(locale).isEqualTo("Welcome to Herald Shop, Ada!");
            // the layout is translated into German, but the email is not German: its footer stays English
            assertThat(email.html()).as(locale).contains("<html lang=\"en\">", "You receive it because")
                    .doesNotContain("Sie erhalten");
        }
        // a template without a German translation keeps the English footer although the layout has a German one
        Map<String, String> withoutGermanCart = new TreeMap<>(TemplateFiles.fromClasspath(getClass().getClassLoader(),
                "templates/"));
        withoutGermanCart.keySet().removeIf(p -> p.startsWith("cart-reminder/locales/de/"));
        MustacheTemplateRenderer renderer = new MustacheTemplateRenderer(withoutGermanCart);
        assertThat(renderer.translationFor("cart-reminder", "de")).isNull();
        assertThat(renderer.render("cart-reminder", null, reader("de")).html()).contains("You receive it because");
        assertThat(shipped.render("cart-reminder", null, reader("de")).html()).as("shipped in German")
                .contains("Ihr Warenkorb wartet", "Sie erhalten sie");
    }

    @Test
    void the_most_specific_translation_wins_then_ever_shorter_tags() {
        Map<String, String> files = new TreeMap<>();
        files.put("_layout/html.mustache", "<p>{{$body}}{{/body}}</p>footer");
        files.put("_layout/locales/de/html.mustache", "<p>{{$body}}{{/body}}</p>Fußzeile");
        files.put("promo/subject.mustache", "Sale");
        files.put("promo/html.mustache", "{{<_layout/html}}{{$body}}Sale{{/body}}{{/_layout/html}}");
        files.put("promo/locales/de/subject.mustache", "Ausverkauf");
        files.put("promo/locales/de/html.mustache", "{{<_layout/html}}{{$body}}Ausverkauf{{/body}}{{/_layout/html}}");
        files.put("promo/locales/de-CH/subject.mustache", "Ausverkauf (Schweiz)");
        files.put("promo/locales/de-CH/html.mustache", "{{<_layout/html}}{{$body}}Ausverkauf CH{{/body}}{{/_layout/html}}");
        assertThat(new TemplateValidator().validate(files)).isEmpty();
        MustacheTemplateRenderer renderer = new MustacheTemplateRenderer(files);

        assertThat(renderer.render("promo", null, reader("de-CH")).subject()).isEqualTo("Ausverkauf (Schweiz)");
        // de-CH's layout falls back to the de layout
        assertThat(renderer.render("promo", null, reader("de-CH")).html()).isEqualTo("<p>Ausverkauf CH</p>Fußzeile");
        assertThat(renderer.render("promo", null, reader("de-AT")).subject()).isEqualTo("Ausverkauf");
        assertThat(renderer.render("promo", null, reader("de_AT")).subject()).isEqualTo("Ausverkauf");
        assertThat(renderer.render("promo", null, reader("en-US")).html()).isEqualTo("<p>Sale</p>footer");
    }

    @Test
    void a_variant_is_rendered_in_the_readers_language_for_what_it_changes_and_the_template_for_the_rest() {
        Map<String, String> files = new TreeMap<>();
        files.put("_layout/html.mustache", "{{$body}}{{/body}}");
        files.put("promo/subject.mustache", "Sale");
        files.put("promo/html.mustache", "<p>Sale today</p>");
        files.put("promo/text.mustache", "Sale today (text)");
        files.put("promo/locales/de/subject.mustache", "Ausverkauf");
        files.put("promo/locales/de/html.mustache", "<p>Heute Ausverkauf</p>");
        files.put("promo/locales/de/text.mustache", "Heute Ausverkauf (Text)");
        files.put("promo/variants/b/subject.mustache", "Last day of the sale");
        files.put("promo/variants/b/locales/de/subject.mustache", "Letzter Tag des Ausverkaufs");
        files.put("promo/variants/c/html.mustache", "<p>Sale: 20% off</p>");
        files.put("promo/variants/c/locales/de/html.mustache", "<p>Ausverkauf: 20 % Rabatt</p>");
        assertThat(new TemplateValidator().validate(files)).isEmpty();
        MustacheTemplateRenderer renderer = new MustacheTemplateRenderer(files);

        RenderedTemplate germanB = renderer.render("promo", "b", reader("de"));
        assertThat(germanB.subject()).isEqualTo("Letzter Tag des Ausverkaufs");
        assertThat(germanB.html()).isEqualTo("<p>Heute Ausverkauf</p>");
        assertThat(germanB.text().strip()).isEqualTo("Heute Ausverkauf (Text)");
        assertThat(renderer.render("promo", "b", reader("en")).subject()).isEqualTo("Last day of the sale");
        // variant c changes the HTML only: its text is derived from its own German HTML, not the template's text
        RenderedTemplate germanC = renderer.render("promo", "c", reader("de"));
        assertThat(germanC.subject()).isEqualTo("Ausverkauf");
        assertThat(germanC.text().strip()).isEqualTo("Ausverkauf: 20 % Rabatt");
        assertThat(renderer.render("promo", "c", reader("fr")).text().strip()).isEqualTo("Sale: 20% off");
    }

    private static Map<String, String> promoTranslatedIntoGerman() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("_layout/html.mustache", "{{$body}}{{/body}}");
        files.put("promo/subject.mustache", "Sale");
        files.put("promo/preheader.mustache", "Today only");
        files.put("promo/html.mustache", "<p>Sale</p>");
        files.put("promo/locales/de/subject.mustache", "Ausverkauf");
        files.put("promo/locales/de/preheader.mustache", "Nur heute");
        files.put("promo/locales/de/html.mustache", "<p>Ausverkauf</p>");
        return files;
    }

    private static List<String> problems(Map<String, String> files) {
        return new TemplateValidator().validate(files).stream().map(e -> e.file() + ": " + e.message()).toList();
    }

    @Test
    void a_translation_must_have_exactly_the_parts_of_the_template() {
        Map<String, String> missing = promoTranslatedIntoGerman();
        missing.remove("promo/locales/de/preheader.mustache");
        assertThat(problems(missing)).singleElement().asString()
                .startsWith("promo/locales/de/preheader.mustache: missing: the de translation needs every part");

        Map<String, String> extra = promoTranslatedIntoGerman();
        extra.put("promo/locales/de/text.mustache", "Ausverkauf");
        assertThat(problems(extra)).singleElement().asString()
                .isEqualTo("promo/locales/de/text.mustache: the template has no text part to translate"
                        + " (promo/text.mustache is missing)");
    }

    @Test
    void a_variant_must_be_translated_into_every_language_of_its_template_for_the_parts_it_changes() {
        Map<String, String> untranslated = promoTranslatedIntoGerman();
        untranslated.put("promo/variants/b/subject.mustache", "Last day");
        assertThat(problems(untranslated)).singleElement().asString()
                .startsWith("promo/variants/b/locales/de/subject.mustache: missing: variant b changes the subject"
                        + " and the template is translated into de");

        Map<String, String> unchangedPart = promoTranslatedIntoGerman();
        unchangedPart.put("promo/variants/b/subject.mustache", "Last day");
        unchangedPart.put("promo/variants/b/locales/de/subject.mustache", "Letzter Tag");
        unchangedPart.put("promo/variants/b/locales/de/html.mustache", "<p>Letzter Tag</p>");
        assertThat(problems(unchangedPart)).singleElement().asString()
                .startsWith("promo/variants/b/locales/de/html.mustache: variant b does not change the html");

        Map<String, String> unknownLanguage = promoTranslatedIntoGerman();
        unknownLanguage.put("promo/variants/b/subject.mustache", "Last day");
        unknownLanguage.put("promo/variants/b/locales/de/subject.mustache", "Letzter Tag");
        unknownLanguage.put("promo/variants/b/locales/fr/subject.mustache", "Dernier jour");
        assertThat(problems(unknownLanguage)).singleElement().asString()
                .startsWith("promo/variants/b/locales/fr/subject.mustache: the template itself has no fr translation");
    }

    @Test
    void a_translation_folder_must_be_named_by_a_canonical_language_tag() {
        Map<String, String> lowerCase = new LinkedHashMap<>(promoTranslatedIntoGerman());
        lowerCase.put("promo/locales/de-at/subject.mustache", "x");
        lowerCase.put("promo/locales/de-at/preheader.mustache", "x");
        lowerCase.put("promo/locales/de-at/html.mustache", "x");
        assertThat(problems(lowerCase)).hasSize(3).allSatisfy(p -> assertThat(p).contains("write de-AT"));

        Map<String, String> notATag = new LinkedHashMap<>(promoTranslatedIntoGerman());
        notATag.put("promo/locales/German/subject.mustache", "x");
        assertThat(problems(notATag)).anySatisfy(p -> assertThat(p).startsWith(
                "promo/locales/German/subject.mustache: 'German' is not a language tag"));
        assertThat(TemplateLibrary.editable("promo/locales/German/subject.mustache")).isFalse();
        assertThat(TemplateLibrary.editable("promo/locales/de-AT/subject.mustache")).isTrue();
        assertThat(TemplateLibrary.editable("_layout/locales/de/html.mustache")).isTrue();
    }

    @Test
    void a_shared_translation_must_translate_a_shared_file_that_exists() {
        Map<String, String> files = promoTranslatedIntoGerman();
        files.put("_layout/locales/de/footer.mustache", "Fußzeile");
        assertThat(problems(files)).singleElement().asString()
                .isEqualTo("_layout/locales/de/footer.mustache: translates _layout/footer.mustache, which does not exist");
    }

    @Test
    void the_library_adds_a_translation_whole_for_the_marketer_to_translate_and_removes_it_whole() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        assertThat(library.translations("welcome")).containsExactly("de");
        assertThat(library.save("thank-you/locales/fr/subject.mustache", "Merci").saved())
                .as("one part alone is not a translation").isFalse();

        TemplateLibrary.SaveResult added = library.addTranslation("thank-you", "fr");

        assertThat(added.errors()).isEmpty();
        assertThat(library.translations("thank-you")).containsExactly("de", "fr");
        assertThat(edits.resolve("thank-you/locales/fr/html.mustache")).exists();
        assertThat(library.source("thank-you/locales/fr/subject.mustache"))
                .isEqualTo(library.source("thank-you/subject.mustache"));
        assertThat(library.save("thank-you/locales/fr/subject.mustache",
                "Merci{{#customer.firstName}}, {{customer.firstName}}{{/customer.firstName}} !").saved()).isTrue();
        Map<String, Object> order = Models.thankYou("Ada Lovelace", "Ada", List.of(), "£0.00");
        order.put("locale", "fr-BE");
        assertThat(library.preview("thank-you", null, order, null, null).subject()).isEqualTo("Merci, Ada !");
        assertThat(library.filesOf("thank-you")).containsSubsequence("thank-you/text.mustache",
                "thank-you/locales/fr/subject.mustache", "thank-you/locales/fr/preheader.mustache",
                "thank-you/locales/fr/html.mustache", "thank-you/locales/fr/text.mustache");
        assertThat(library.addTranslation("thank-you", "fr").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("already has a fr translation"));
        assertThat(library.addTranslation("thank-you", "FR").saved()).isFalse();
        assertThat(library.removable("thank-you", "fr")).isTrue();
        assertThat(library.removable("welcome", "de")).as("built in").isFalse();
        assertThat(library.removable("welcome", "fr")).as("no such translation").isFalse();
        assertThat(library.removeTranslation("welcome", "de").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("is built in"));

        assertThat(library.removeTranslation("thank-you", "fr").saved()).isTrue();

        assertThat(library.translations("thank-you")).containsExactly("de");
        assertThat(edits.resolve("thank-you/locales/fr/html.mustache")).doesNotExist();
        assertThat(library.preview("thank-you", null, order, null, null).subject()).startsWith("Thank you");
        // a restart reads back exactly the edits that are left
        assertThat(TemplateLibrary.open(edits).translations("thank-you")).containsExactly("de");
    }

    @Test
    void a_variant_gets_its_copies_when_its_template_is_translated() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        assertThat(library.save("win-back/variants/b/subject.mustache", "We miss you!").saved()).isTrue();

        assertThat(library.addTranslation("win-back", "es").saved()).isTrue();

        assertThat(library.source("win-back/variants/b/locales/es/subject.mustache")).isEqualTo("We miss you!");
        assertThat(library.save("win-back/variants/b/locales/es/subject.mustache", "¡Te echamos de menos!").saved())
                .isTrue();
        Map<String, Object> model = Models.welcome("Ana García", "Ana");
        model.put("locale", "es-MX");
        assertThat(library.preview("win-back", "b", model, null, null).subject()).isEqualTo("¡Te echamos de menos!");
        // the translation of a shared part can be added from the console; a new shared file cannot
        assertThat(library.save("_layout/locales/es/text-footer.mustache", "Pie de página").saved()).isTrue();
        assertThat(library.save("_layout/footer.mustache", "x").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("new shared files cannot be added"));
    }

    @Test
    void edits_written_before_their_template_was_translated_keep_running_with_copies_to_translate() throws Exception {
        // a variant saved by a Herald that had no German welcome yet
        java.nio.file.Files.createDirectories(edits.resolve("welcome/variants/gift"));
        java.nio.file.Files.writeString(edits.resolve("welcome/variants/gift/subject.mustache"), "A gift for you");

        TemplateLibrary library = TemplateLibrary.open(edits);

        assertThat(library.variants("welcome")).containsExactly("gift");
        assertThat(library.renderVariant("welcome", "gift", reader("en")).subject()).isEqualTo("A gift for you");
        // German readers of the variant get the German subject until somebody translates the variant's
        assertThat(library.source("welcome/variants/gift/locales/de/subject.mustache"))
                .isEqualTo(library.source("welcome/locales/de/subject.mustache"));
        assertThat(library.renderVariant("welcome", "gift", reader("de")).subject())
                .isEqualTo("Willkommen bei Herald Shop, Ada!");
        assertThat(library.check("welcome/variants/gift/subject.mustache", "A gift, {{customer.firstName}}")).isEmpty();

        // another node's edits from before the translation are filled the same way
        assertThat(library.replaceEdits(Map.of("welcome/variants/c/html.mustache", "<p>C</p>")).saved()).isTrue();
        assertThat(library.edits()).containsOnlyKeys("welcome/variants/c/html.mustache",
                "welcome/variants/c/locales/de/html.mustache");
    }
}
