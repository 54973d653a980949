package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import dev.herald.engine.customer.Customer;
import dev.herald.routes.console.ConsoleRole;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Templates area against a running Herald: in a real browser a marketer adds a variant, previews it
 * live for a stored customer (their name in the sandboxed HTML preview) and sees a validation error at its line;
 * over plain HTTP, the role refusals, CSRF, saving into the data directory and a test send through SMTP.
 */
class ConsoleTemplatesIT {

    private static final String MARKETER_PASSWORD = "mia's long password";
    private static final String ANALYST_PASSWORD = "ana's long password";

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add("mia", MARKETER_PASSWORD.toCharArray(), ConsoleRole.MARKETER);
        herald.runtime().consoleUsers().add("ana", ANALYST_PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        port = herald.runtime().httpPort();
        try (ConsoleTestData data = new ConsoleTestData(herald.runtime())) {
            data.transactions().inTransaction(em -> {
                em.persist(new Customer("C100", "zoe@example.com", "Zoe Quinn", Instant.now()));
                return null;
            });
        }
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void aMarketerPreviewsAVariantForAStoredCustomerAndSeesAnErrorAtItsLine() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login("mia", MARKETER_PASSWORD);
            browser.go("/console/templates");
            browser.find(By.linkText("welcome"));
            browser.screenshot("templates-list");
            browser.clickAndLoad(By.linkText("welcome"));
            assertThat(browser.find(By.id("preview-subject")).getText()).isEqualTo("Welcome to Herald Shop, Zoe!");

            // a new variant part, saved through the editor
            browser.go("/console/templates/welcome?newVariant=C&part=subject&customer=C100");
            WebElement content = browser.find(By.id("content"));
            content.clear();
            content.sendKeys("Zoe's variant C: hello {{customer.firstName}}");
            browser.clickAndLoad(By.id("save-button"));
            assertThat(browser.find(By.id("notice")).getText()).contains("Saved");

            // preview for the customer and the variant, live as they are chosen
            new Select(browser.find(By.id("variant"))).selectByValue("C");
            WebDriver driver = browser.driver();
            new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("preview-subject"))
                    .getText().equals("Zoe's variant C: hello Zoe"));
            assertThat(browser.find(By.id("customer-note")).getText()).contains("C100");
            assertThat(browser.find(By.id("preview-text")).getText()).contains("Hi Zoe");
            driver.switchTo().frame(browser.find(By.id("preview-frame")));
            String framed = new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
                String text = d.findElement(By.tagName("body")).getText();
                return text.contains("Hi Zoe") ? text : null;
            });
            assertThat(framed).contains("Welcome to Herald Shop!");
            driver.switchTo().defaultContent();
            browser.screenshot("templates-preview-variant");

            // a typo shows up with its line while typing, and nothing is saved
            content = browser.find(By.id("content"));
            content.sendKeys("\nSee you, {{customer.frstName}}");
            WebElement errors = new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
                WebElement e = d.findElement(By.id("template-errors"));
                return e.getText().contains("customer.frstName") ? e : null;
            });
            assertThat(errors.getText()).contains("welcome/variants/C/subject.mustache:2");
            browser.screenshot("templates-error-at-line");
            assertThat(herald.runtime().templates().source("welcome/variants/C/subject.mustache"))
                    .isEqualTo("Zoe's variant C: hello {{customer.firstName}}");
        }
    }

    @Test
    void anAnalystMayReadAndPreviewButNotSaveOrTestSend() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(port, "ana", ANALYST_PASSWORD);
        HttpResponse<String> editor = ana.get("/console/templates/thank-you");
        assertThat(editor.statusCode()).isEqualTo(200);
        assertThat(editor.body()).contains("id=\"preview-subject\"").doesNotContain("id=\"save-button\"");

        HttpResponse<String> preview = ana.post("/console/templates/thank-you/preview",
                Map.of("file", "thank-you/subject.mustache", "content", "Draft {{customer.name}}", "customer", "C100"));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Draft Zoe Quinn");

        assertThat(ana.post("/console/templates/thank-you/save", Map.of("file", "thank-you/subject.mustache",
                "content", "Hacked")).statusCode()).isEqualTo(403);
        assertThat(ana.post("/console/templates/thank-you/test-send", Map.of("to", "ana@example.com"))
                .statusCode()).isEqualTo(403);
        assertThat(herald.runtime().templates().edited("thank-you/subject.mustache")).isFalse();
    }

    @Test
    void aSaveWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        ConsoleHttpSession mia = ConsoleHttpSession.login(port, "mia", MARKETER_PASSWORD);
        HttpResponse<String> r = mia.postWithoutToken("/console/templates/win-back/save",
                Map.of("file", "win-back/subject.mustache", "content", "Forged"));
        assertThat(r.statusCode()).isEqualTo(403);
        r = mia.postWithoutToken("/console/templates/win-back/save", Map.of("file", "win-back/subject.mustache",
                "content", "Forged", "_csrf", "not-the-token"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(herald.runtime().templates().edited("win-back/subject.mustache")).isFalse();
    }

    @Test
    void aSavedEditIsStoredInTheDataDirectoryAnInvalidOneIsRefusedWithItsLineAndAnEditCanBeUndone() throws Exception {
        ConsoleHttpSession mia = ConsoleHttpSession.login(port, "mia", MARKETER_PASSWORD);
        mia.get("/console/templates/cart-reminder");
        HttpResponse<String> refused = mia.post("/console/templates/cart-reminder/save",
                Map.of("file", "cart-reminder/subject.mustache", "content", "Line one\n{{#customer.firstName}}open"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Not saved").contains("cart-reminder/subject.mustache:2");
        assertThat(dir.resolve("templates/cart-reminder/subject.mustache")).doesNotExist();

        HttpResponse<String> saved = mia.post("/console/templates/cart-reminder/save",
                Map.of("file", "cart-reminder/subject.mustache", "content", "Still thinking, {{customer.firstName}}?"));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(Files.readString(dir.resolve("templates/cart-reminder/subject.mustache"), StandardCharsets.UTF_8))
                .isEqualTo("Still thinking, {{customer.firstName}}?");

        mia.get("/console/templates/cart-reminder?file=cart-reminder/subject.mustache");
        HttpResponse<String> reverted = mia.post("/console/templates/cart-reminder/revert",
                Map.of("file", "cart-reminder/subject.mustache"));
        assertThat(reverted.statusCode()).isEqualTo(303);
        assertThat(dir.resolve("templates/cart-reminder/subject.mustache")).doesNotExist();
        assertThat(herald.runtime().templates().edited("cart-reminder/subject.mustache")).isFalse();
        assertThat(herald.countBy("select action, count(*) from audit_log where entity_kind = 'template'"
                + " and entity_id = 'cart-reminder' and actor = 'console:mia' group by action"))
                .as("the save and the revert are audited; the refused save is not").isEqualTo(
                        Map.of("save", 1L, "revert", 1L));
    }

    @Test
    void aTestSendGoesThroughSmtpMarkedAsATestAndThePreviewFrameHasItsOwnStrictPolicy() throws Exception {
        ConsoleHttpSession mia = ConsoleHttpSession.login(port, "mia", MARKETER_PASSWORD);
        HttpResponse<String> editor = mia.get("/console/templates/confirm-subscription?customer=C100");
        String frame = editor.body().replaceAll("(?s).*id=\"preview-frame\"[^>]*src=\"([^\"]+)\".*", "$1");
        HttpResponse<String> framed = mia.get(frame.substring(frame.indexOf("/console/")).replace("&amp;", "&"));
        assertThat(framed.statusCode()).isEqualTo(200);
        assertThat(framed.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("sandbox").contains("default-src 'none'").doesNotContain("script-src"));
        assertThat(framed.body()).contains("Zoe");

        mia.get("/console/templates/confirm-subscription");
        assertThat(mia.post("/console/templates/confirm-subscription/test-send", Map.of("to", "not an address"))
                .statusCode()).isEqualTo(400);
        HttpResponse<String> sent = mia.post("/console/templates/confirm-subscription/test-send",
                Map.of("to", "qa@example.com", "customer", "C100"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        List<MimeMessage> mails = herald.awaitMails(1);
        MimeMessage mail = mails.stream().filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals("qa@example.com");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(mail.getSubject()).startsWith("[Test] ");
        assertThat(mail.getHeader("X-Herald-Test")).containsExactly("console");
        assertThat(herald.count("select count(*) from outbox_message where recipient = ?", "qa@example.com"))
                .as("a test send is not queued or counted").isZero();
    }

    @Test
    void aMarketerPreviewsTheGermanWelcomeAddsAFrenchTranslationTranslatesItAndRemovesIt() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login("mia", MARKETER_PASSWORD);
            browser.go("/console/templates");
            assertThat(browser.find(By.cssSelector("table.tpl-list")).getText()).contains("de");
            browser.go("/console/templates/welcome?customer=C100");
            assertThat(browser.find(By.id("preview-subject")).getText()).isEqualTo("Welcome to Herald Shop, Zoe!");
            new Select(browser.find(By.id("language"))).selectByValue("de");
            WebDriver driver = browser.driver();
            new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("preview-subject"))
                    .getText().equals("Willkommen bei Herald Shop, Zoe!"));
            assertThat(browser.find(By.id("preview-text")).getText()).contains("Hallo Zoe,", "Abmelden");
            browser.screenshot("templates-preview-german");

            browser.go("/console/templates/thank-you?customer=C100");
            browser.find(By.cssSelector("details.tpl-more:nth-of-type(2) summary")).click();
            browser.find(By.id("new-language")).sendKeys("fr");
            browser.clickAndLoad(By.id("add-translation-button"));
            assertThat(browser.find(By.id("notice")).getText()).contains("Added the fr translation");
            assertThat(browser.find(By.id("content")).getAttribute("value"))
                    .isEqualTo(herald.runtime().templates().source("thank-you/subject.mustache"));
            WebElement content = browser.find(By.id("content"));
            content.clear();
            content.sendKeys("Merci pour votre commande, {{customer.firstName | default: \"cher client\"}}");
            browser.clickAndLoad(By.id("save-button"));
            assertThat(browser.find(By.id("notice")).getText()).contains("Saved");
            assertThat(new Select(browser.find(By.id("language"))).getFirstSelectedOption().getAttribute("value"))
                    .as("a translation's file previews in its language").isEqualTo("fr");
            assertThat(browser.find(By.id("preview-subject")).getText()).isEqualTo("Merci pour votre commande, Zoe");
            browser.screenshot("templates-french-translation");
            assertThat(dir.resolve("templates/thank-you/locales/fr/html.mustache")).exists();

            browser.clickAndLoad(By.id("remove-translation-button"));
            assertThat(browser.find(By.id("notice")).getText()).contains("Removed the fr translation");
            assertThat(herald.runtime().templates().translations("thank-you")).containsExactly("de");
            assertThat(dir.resolve("templates/thank-you/locales/fr/subject.mustache")).doesNotExist();
            assertThat(herald.countBy("select action, count(*) from audit_log where entity_kind = 'template'"
                    + " and entity_id = 'thank-you' group by action")).containsEntry("add-translation", 1L)
                    .containsEntry("remove-translation", 1L);
        }
    }

    @Test
    void aTranslationNeedsATagAndAnEditorAndABuiltInOneCannotBeRemoved() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(port, "ana", ANALYST_PASSWORD);
        assertThat(ana.post("/console/templates/win-back/translations", Map.of("language", "es")).statusCode())
                .isEqualTo(403);
        ConsoleHttpSession mia = ConsoleHttpSession.login(port, "mia", MARKETER_PASSWORD);
        mia.get("/console/templates/win-back");
        HttpResponse<String> bad = mia.post("/console/templates/win-back/translations", Map.of("language", "Spanish!"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("No translation added", "is not a language tag");
        HttpResponse<String> builtIn = mia.post("/console/templates/welcome/translations/remove",
                Map.of("language", "de"));
        assertThat(builtIn.statusCode()).isEqualTo(422);
        assertThat(builtIn.body()).contains("is built in");
        assertThat(herald.runtime().templates().translations("welcome")).containsExactly("de");
        assertThat(herald.runtime().templates().translations("win-back")).containsExactly("de");
    }
}
