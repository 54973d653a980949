package dev.herald.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateValidatorTest {

    private final TemplateValidator validator = new TemplateValidator();

    /** A valid template folder plus one extra file under test. */
    private static Map<String, String> folderWith(String path, String content) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("_layout/html.mustache", "<html><body>{{$body}}{{/body}}</body></html>");
        files.put("promo/subject.mustache", "Hello {{customer.firstName | default: \"there\"}}");
        files.put("promo/html.mustache", "{{<_layout/html}}{{$body}}<p>Hi</p>{{/body}}{{/_layout/html}}");
        files.put(path, content);
        return files;
    }

    private List<TemplateError> errorsOf(String content) {
        return validator.validate(folderWith("promo/text.mustache", content));
    }

    @Test
    void shippedTemplatesHaveNoErrors() {
        Map<String, String> shipped = TemplateFiles.fromClasspath(getClass().getClassLoader(), "templates/");
        assertThat(shipped).containsKeys("welcome/html.mustache", "thank-you/preheader.mustache",
                "_partials/recommendations.mustache");
        assertThat(validator.validate(shipped)).isEmpty();
    }

    @Test
    void unknownVariableIsAnErrorWithItsFileAndLine() {
        List<TemplateError> errors = errorsOf("Hi,\n\nThanks {{customer.fristName}}!\n");
        assertThat(errors).hasSize(1);
        TemplateError error = errors.get(0);
        assertThat(error.file()).isEqualTo("promo/text.mustache");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.message()).contains("unknown variable 'customer.fristName'").contains("firstName");
        assertThat(error.toString()).startsWith("promo/text.mustache:3: unknown variable");
    }

    @Test
    void unknownTopLevelVariableAndSectionAreErrors() {
        List<TemplateError> errors = errorsOf("{{coupon}}\n{{#vip}}x{{/vip}}\n");
        assertThat(errors).extracting(TemplateError::line).containsExactly(1, 2);
        assertThat(errors.get(0).message()).contains("'coupon'");
        assertThat(errors.get(1).message()).contains("'vip'");
    }

    @Test
    void unknownFilterIsAnErrorWithItsLine() {
        List<TemplateError> errors = errorsOf("line one\n{{customer.name | shout}}\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).contains("unknown filter 'shout'");
        });
    }

    @Test
    void badFilterArgumentsAreErrors() {
        assertThat(errorsOf("{{customer.name | default}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("filter 'default' needs a value"));
        assertThat(errorsOf("{{order.placedAt | date: \"yyyy\"}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("filter 'date' takes"));
        assertThat(errorsOf("{{customer.name | default: there}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("must be a quoted string"));
        assertThat(errorsOf("{{customer.name | upcase: \"x\"}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("takes no argument"));
    }

    @Test
    void itemFieldsResolveInsideTheirLoopOnly() {
        assertThat(errorsOf("{{#order.items}}{{name}} {{quantity}} {{customer.firstName}}{{/order.items}}")).isEmpty();
        assertThat(errorsOf("{{#recommendations}}{{name}} {{price}} {{imageUrl}} {{link}}{{/recommendations}}")).isEmpty();
        assertThat(errorsOf("{{#recommendations}}{{quantity}}{{/recommendations}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("unknown variable 'quantity'"));
        assertThat(errorsOf("{{quantity}}")).hasSize(1);
        assertThat(errorsOf("{{order.items.name}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("is a list"));
    }

    @Test
    void unescapedOutputAndDelimiterChangesAreRejected() {
        List<TemplateError> errors = errorsOf("{{{customer.name}}}\n{{& customer.name}}\n{{=<% %>=}}\n");
        assertThat(errors).extracting(TemplateError::line).containsExactly(1, 2, 3);
        assertThat(errors.get(0).message()).contains("unescaped output");
        assertThat(errors.get(1).message()).contains("unescaped output");
        assertThat(errors.get(2).message()).contains("delimiters");
    }

    @Test
    void unclosedAndMismatchedSectionsAreReportedWhereTheyOpen() {
        assertThat(errorsOf("a\n{{#order.id}}\nb\n")).singleElement()
                .satisfies(e -> assertThat(e).isEqualTo(new TemplateError("promo/text.mustache", 2,
                        "{{#order.id}} is never closed")));
        assertThat(errorsOf("{{#order.id}}\n{{/order.total}}{{/order.id}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("does not match {{#order.id}} opened on line 1"));
        assertThat(errorsOf("{{/order.id}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("closes nothing"));
    }

    @Test
    void missingPartialsAndLayoutsAreErrors() {
        assertThat(errorsOf("{{> _partials/nothing}}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("partial '_partials/nothing' not found"));
        assertThat(validator.validate(folderWith("promo/html.mustache", "{{<_layout/nope}}{{/_layout/nope}}")))
                .singleElement().satisfies(e -> assertThat(e.message()).contains("layout '_layout/nope' not found"));
    }

    @Test
    void templateFoldersNeedSubjectAndHtmlAndKnownParts() {
        Map<String, String> files = folderWith("promo/subjet.mustache", "Hi");
        files.put("other/html.mustache", "<p>x</p>");
        assertThat(validator.validate(files)).extracting(TemplateError::toString).containsExactlyInAnyOrder(
                "promo/subjet.mustache:1: unknown part 'subjet' (parts: html, preheader, subject, text)",
                "other/subject.mustache:1: missing: every template needs a subject and an html part");
    }

    @Test
    void variantPartsAreValidatedLikeTheTemplate() {
        List<TemplateError> errors = validator.validate(folderWith("promo/variants/B/subject.mustache",
                "Last chance {{customer.nickname}}"));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("promo/variants/B/subject.mustache");
            assertThat(e.message()).contains("customer.nickname");
        });
    }

    @Test
    void readsNestedFilesFromADirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("promo/variants/B"));
        Files.writeString(dir.resolve("promo/subject.mustache"), "Hi {{customer.firstName}}");
        Files.writeString(dir.resolve("promo/html.mustache"), "<p>{{customr.name}}</p>");
        Files.writeString(dir.resolve("promo/variants/B/subject.mustache"), "Hey");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        Map<String, String> files = TemplateFiles.fromDirectory(dir);
        assertThat(files).containsOnlyKeys("promo/subject.mustache", "promo/html.mustache",
                "promo/variants/B/subject.mustache");
        assertThat(validator.validate(files)).extracting(TemplateError::toString)
                .singleElement().asString().startsWith("promo/html.mustache:1: unknown variable 'customr.name'");
    }
}
