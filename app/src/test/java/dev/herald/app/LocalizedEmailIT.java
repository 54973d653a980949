package dev.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestMail.Mail;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emails in the customer's language, end to end over JMS to GreenMail: the {@code language} or {@code locale}
 * a customer's traits name picks the welcome email's German translation (shared layout included) and formats
 * money for them; a language the template is not translated into gets it as written; a shop's default locale
 * ({@code herald.email.default-locale}) is the language of customers it knows none of.
 */
class LocalizedEmailIT {

    static final Customer GRETA = TestEvents.customer("C-GRETA", "Greta Keller");
    static final Customer LUKAS = TestEvents.customer("C-LUKAS", "Lukas Gruber");
    static final Customer AMELIE = TestEvents.customer("C-AMELIE", "Amélie Roux");
    static final Customer ANN = TestEvents.customer("C-ANN-EN", "Ann Smith");

    @TempDir
    static Path dataDir;
    static TestHerald herald;

    @BeforeAll
    static void customersWithTheirLanguagesSignUp() throws Exception {
        herald = TestHerald.start(dataDir);
        herald.send(RouteSettings.CRM_QUEUE, identify(GRETA, Map.of("language", "German")));
        herald.send(RouteSettings.CRM_QUEUE, identify(LUKAS, Map.of("locale", "de-AT")));
        herald.send(RouteSettings.CRM_QUEUE, identify(AMELIE, Map.of("locale", "fr-FR")));
        for (Customer c : new Customer[]{GRETA, LUKAS, AMELIE, ANN}) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(c));
        }
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(GRETA, "O-GRETA-1",
                item("P-MUG", "Becher", 2, "2.50")));
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(AMELIE, "O-AMELIE-1",
                item("P-MUG", "Tasse", 2, "2.50")));
        herald.awaitMails(6);
        herald.awaitIdle();
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    static ObjectNode identify(Customer customer, Map<String, String> traits) {
        ObjectNode e = TestEvents.signup(TestEvents.newId("identify-" + customer.id()), customer);
        e.put("type", "customer_identified");
        ObjectNode t = e.putObject("traits");
        traits.forEach(t::put);
        return e;
    }

    @Test
    void a_customer_whose_language_is_german_gets_the_german_welcome_with_the_german_footer() throws Exception {
        Mail welcome = TestMail.only(herald.mails(), GRETA.email(), "welcome");

        assertThat(welcome.subject()).isEqualTo("Willkommen bei Herald Shop, Greta!");
        assertThat(welcome.html()).contains("<html lang=\"de\">", "Hallo Greta,", "Zu den Neuheiten",
                "Sie erhalten sie, weil Sie ein Konto bei Herald Shop haben");
        assertThat(welcome.text()).contains("Hallo Greta,", "Ihr Herald-Shop-Team").doesNotContain("Happy shopping");
    }

    @Test
    void an_austrian_locale_falls_back_to_the_german_translation() throws Exception {
        assertThat(TestMail.only(herald.mails(), LUKAS.email(), "welcome").subject())
                .isEqualTo("Willkommen bei Herald Shop, Lukas!");
    }

    @Test
    void a_language_without_a_translation_and_no_language_at_all_get_the_email_as_written() throws Exception {
        for (Customer c : new Customer[]{AMELIE, ANN}) {
            Mail welcome = TestMail.only(herald.mails(), c.email(), "welcome");
            assertThat(welcome.subject()).as(c.id()).startsWith("Welcome to Herald Shop, ");
            assertThat(welcome.html()).as(c.id()).contains("<html lang=\"en\">", "You receive it because");
        }
    }

    @Test
    void money_is_formatted_for_the_customers_locale_even_in_an_email_not_translated() throws Exception {
        Mail french = TestMail.only(herald.mails(), AMELIE.email(), "first-order-thank-you");
        Mail german = TestMail.only(herald.mails(), GRETA.email(), "first-order-thank-you");

        // no French translation: the English email, with the amount written the French way
        assertThat(french.subject()).startsWith("Thank you for your first order");
        assertThat(french.text()).containsPattern("Total: 5,00[\\u00A0\\u202F ]£").doesNotContain("£5.00");
        // German puts the symbol after the amount too, behind a no-break space
        assertThat(german.subject()).isEqualTo("Vielen Dank für Ihre erste Bestellung, Greta");
        assertThat(german.text()).containsPattern("Gesamt: 5,00[\\u00A0\\u202F ]£").contains("Becher x 2 zu");
    }

    @Test
    void a_german_shop_sets_the_default_locale_for_customers_it_knows_no_language_of(@TempDir Path germanShop)
            throws Exception {
        Customer jonas = TestEvents.customer("C-JONAS", "Jonas Weber");
        Customer emma = TestEvents.customer("C-EMMA", "Emma Brown");
        try (TestHerald shop = TestHerald.start(germanShop, Map.of(
                dev.herald.engine.delivery.SendGates.DEFAULT_LOCALE, "de-DE"))) {
            shop.send(RouteSettings.CRM_QUEUE, identify(emma, Map.of("language", "en")));
            shop.send(RouteSettings.CRM_QUEUE, TestEvents.signup(jonas));
            shop.send(RouteSettings.CRM_QUEUE, TestEvents.signup(emma));
            shop.awaitMails(2);

            assertThat(TestMail.only(shop.mails(), jonas.email(), "welcome").subject())
                    .isEqualTo("Willkommen bei Herald Shop, Jonas!");
            assertThat(TestMail.only(shop.mails(), emma.email(), "welcome").subject())
                    .isEqualTo("Welcome to Herald Shop, Emma!");
        }
    }
}
