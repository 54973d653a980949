package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald templates validate|preview} on the built-in templates and on broken ones. */
class TemplatesCommandTest {

    private static final String ANN = "{\"id\": \"C17850\", \"email\": \"ann@example.com\", \"name\": \"Ann <b>Smith</b>\","
            + " \"locale\": \"de-DE\", \"recommendations\": [{\"name\": \"Regency Cakestand 3 Tier\", \"price\": 12.75,"
            + " \"currency\": \"EUR\", \"imageUrl\": \"https://img.example/22423.jpg\","
            + " \"link\": \"https://shop.example/p/22423\"}]}";
    private static final String ORDER = "{\"orderId\": \"ord-1001\", \"currency\": \"EUR\", \"total\": 7.00,"
            + " \"timestamp\": \"2026-11-23T10:15:30Z\", \"items\": [{\"productId\": \"85123A\","
            + " \"name\": \"White Hanging Heart T-Light Holder\", \"quantity\": 2, \"price\": 3.50}]}";

    @Test
    void validateAcceptsTheBuiltInTemplates() {
        TestCli.Result result = TestCli.run("templates", "validate");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("built-in templates: 6 templates valid (cart-last-reminder, cart-reminder, confirm-subscription, thank-you, welcome, win-back)");
    }

    @Test
    void validateReportsEveryErrorWithFileAndLineAndExitsNonZero(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("promo"));
        Files.writeString(dir.resolve("promo/subject.mustache"), "Hi {{customer.firstName | shout}}");
        Files.writeString(dir.resolve("promo/html.mustache"), "<p>Hello</p>\n<p>{{customer.fristName}}</p>\n");

        TestCli.Result result = TestCli.runCapturingErrors("templates", "validate", dir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(
                dir.resolve("promo/html.mustache") + ":2: unknown variable 'customer.fristName'",
                dir.resolve("promo/subject.mustache") + ":1: unknown filter 'shout'",
                "2 errors in " + dir);
    }

    @Test
    void previewWritesTheHtmlThatWouldBeSentAndPrintsSubjectAndText(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("thank-you.html");
        Path customer = dir.resolve("ann.json");
        Files.writeString(customer, ANN);

        TestCli.Result result = TestCli.run("templates", "preview", "thank-you", "--customer", customer.toString(),
                "--order", ORDER, "--out", out.toString());

        assertThat(result.exitCode()).isZero();
        // Ann's locale is de-DE: the German translation, with money and the date written the German way
        assertThat(result.outLines()).startsWith(
                "Subject:   Vielen Dank für Ihre erste Bestellung, Ann",
                "Preheader: Ihre Bestellung ord-1001 vom 23. November 2026 ist eingegangen; wir melden uns, sobald sie"
                        + " versandt wird.");
        assertThat(result.out()).contains("--- text part ---\nHallo Ann,\n")
                .contains("- White Hanging Heart T-Light Holder x 2 zu 3,50\u00a0€ = 7,00\u00a0€")
                .contains("- Regency Cakestand 3 Tier, 12,75\u00a0€: https://shop.example/p/22423");
        String html = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("ann@example.com", "Hallo Ann,", "Das könnte Ihnen auch gefallen",
                        "src=\"https://img.example/22423.jpg\"")
                .contains(">Ihre Bestellung ord-1001 vom 23. November 2026");
    }

    @Test
    void previewEscapesTheCustomerNameInHtml(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("w.html");
        TestCli.Result result = TestCli.run("templates", "preview", "welcome", "--customer",
                "{\"name\": \"<img src=x onerror=alert(1)> Bob\"}", "--out", out.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Subject:   Welcome to Herald Shop, <img!");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).doesNotContain("<img src=x")
                .contains("Hi &lt;img,");
    }

    @Test
    void previewRendersTheTranslationTheCustomersLocalePicks(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("w.html");
        TestCli.Result austrian = TestCli.run("templates", "preview", "welcome", "--customer",
                "{\"name\": \"Lukas Gruber\", \"locale\": \"de-AT\"}", "--out", out.toString());

        assertThat(austrian.exitCode()).isZero();
        assertThat(austrian.out()).contains("Subject:   Willkommen bei Herald Shop, Lukas!",
                "Language:  the de translation (welcome/locales/de/)", "Hallo Lukas,");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("<html lang=\"de\">");

        TestCli.Result french = TestCli.run("templates", "preview", "welcome", "--customer",
                "{\"name\": \"Amélie Roux\", \"locale\": \"fr-FR\"}", "--out", out.toString());
        assertThat(french.out()).contains("Subject:   Welcome to Herald Shop, Amélie!",
                "Language:  as written (no translation for fr-FR)");
    }

    @Test
    void previewRendersAVariantFromATemplatesFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("promo/variants/B"));
        Files.writeString(dir.resolve("promo/subject.mustache"), "Spring offers for {{customer.firstName | default: \"you\"}}");
        Files.writeString(dir.resolve("promo/html.mustache"), "<p>Hi {{customer.firstName | default: \"there\"}}</p>");
        Files.writeString(dir.resolve("promo/variants/B/subject.mustache"), "Last chance, {{customer.firstName}}");
        Path out = dir.resolve("b.html");

        TestCli.Result base = TestCli.run("templates", "preview", "promo", "--templates", dir.toString(),
                "--customer", "{}", "--out", out.toString());
        TestCli.Result b = TestCli.run("templates", "preview", "promo", "--templates", dir.toString(),
                "--customer", "{\"name\": \"Ada Lovelace\"}", "--variant", "B", "--out", out.toString());

        assertThat(base.exitCode()).isZero();
        assertThat(base.outLines().get(0)).isEqualTo("Subject:   Spring offers for you");
        assertThat(b.exitCode()).isZero();
        assertThat(b.outLines().get(0)).isEqualTo("Subject:   Last chance, Ada");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("<p>Hi Ada</p>");
    }

    @Test
    void previewRejectsBadInputWithAReason(@TempDir Path dir) {
        Path out = dir.resolve("x.html");
        assertThat(TestCli.runCapturingErrors("templates", "preview", "welcome", "--customer", "{\"nmae\": \"Ann\"}",
                "--out", out.toString()).err()).contains("invalid input: --customer: unknown field 'nmae'");
        assertThat(TestCli.runCapturingErrors("templates", "preview", "welcome", "--customer", dir.resolve("none.json").toString(),
                "--out", out.toString()).err()).contains("--customer: neither a JSON object nor an existing file");
        assertThat(TestCli.runCapturingErrors("templates", "preview", "welcome", "--customer", "{not json",
                "--out", out.toString()).err()).contains("--customer: not valid JSON");
        assertThat(TestCli.runCapturingErrors("templates", "preview", "thank-you", "--customer", "{}",
                "--order", "{\"orderId\": \"o1\"}", "--out", out.toString()).err()).contains("invalid input: --order:");
        TestCli.Result unknown = TestCli.runCapturingErrors("templates", "preview", "nope", "--customer", "{}",
                "--out", out.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no email template named 'nope'");
        TestCli.Result injected = TestCli.runCapturingErrors("templates", "preview", "welcome", "--customer",
                "{\"name\": \"Ann\\r\\nBcc: all@example.com\"}", "--out", out.toString());
        assertThat(injected.exitCode()).isEqualTo(1);
        assertThat(injected.err()).contains("header injection");
        assertThat(out).doesNotExist();
    }
}
