package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestMail.Mail;
import dev.herald.routes.RouteSettings;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path over JMS: a signup and a first order go in, a welcome and a thank-you email come out of the
 * SMTP server, personalised, with the customer's name HTML-escaped in the HTML part only.
 */
class EventToEmailIT {

    /** A name that breaks HTML if anything forgets to escape it. */
    static final Customer ANN = TestEvents.customer("C-ANN", "<b>Ann</b> & \"Bo\"");
    static final String FIRST_NAME = "<b>Ann</b>";
    static final String ESCAPED_FIRST_NAME = "&lt;b&gt;Ann&lt;/b&gt;";

    @TempDir
    static Path dataDir;
    static TestHerald herald;
    static Mail welcome;
    static Mail thankYou;

    @BeforeAll
    static void signUpAndOrderOnce() throws Exception {
        herald = TestHerald.start(dataDir);
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(ANN));
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(ANN, "O-ANN-1",
                item("P-MUG", "Mug", 2, "2.50"), item("P-TEA", "Tea & Biscuits", 1, "2.00")));
        herald.awaitMails(2);
        herald.awaitIdle();
        welcome = TestMail.only(herald.mails(), ANN.email(), "welcome");
        thankYou = TestMail.only(herald.mails(), ANN.email(), "first-order-thank-you");
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void signupAndFirstOrderSendExactlyTwoEmails() {
        assertThat(herald.mails()).hasSize(2);
        assertThat(TestMail.readAll(herald.mails())).extracting(Mail::campaign)
                .containsExactlyInAnyOrder("welcome", "first-order-thank-you");
    }

    @Test
    void welcomeEmailIsAddressedToTheCustomerFromTheShop() throws Exception {
        assertAddressedToAnnFromTheShop(welcome);
        assertThat(welcome.subject()).isEqualTo("Welcome to Herald Shop, " + FIRST_NAME + "!");
    }

    @Test
    void thankYouEmailIsAddressedToTheCustomerFromTheShop() throws Exception {
        assertAddressedToAnnFromTheShop(thankYou);
        assertThat(thankYou.subject()).isEqualTo("Thank you for your first order, " + FIRST_NAME);
    }

    @Test
    void htmlPartEscapesTheNameAndTextPartKeepsItVerbatim() {
        for (Mail mail : new Mail[]{welcome, thankYou}) {
            assertThat(mail.html()).as("HTML of %s", mail.campaign())
                    .contains("Hi " + ESCAPED_FIRST_NAME + ",")
                    .doesNotContain(FIRST_NAME);
            assertThat(mail.text()).as("text of %s", mail.campaign())
                    .contains("Hi " + FIRST_NAME + ",")
                    .doesNotContain(ESCAPED_FIRST_NAME);
        }
    }

    @Test
    void emailsAreMultipartAlternativeWithOneTextAndOneHtmlPart() {
        for (Mail mail : new Mail[]{welcome, thankYou}) {
            assertThat(mail.contentType()).as(mail.campaign()).isEqualTo("multipart/alternative");
            assertThat(mail.partTypes()).as(mail.campaign()).containsExactly("text/plain", "text/html");
        }
    }

    @Test
    void thankYouListsTheOrderedItemsAndTheFormattedTotal() {
        assertThat(thankYou.text())
                .contains("- Mug x 2 at £2.50 = £5.00")
                .contains("- Tea & Biscuits x 1 at £2.00 = £2.00")
                .contains("Total: £7.00");
        assertThat(thankYou.html())
                .contains(">Mug</td>", ">£2.50</td>", ">£5.00</td>")
                .contains(">Tea &amp; Biscuits</td>", ">£2.00</td>")
                .contains(">£7.00</td>")
                .contains("O-ANN-1");
    }

    @Test
    void secondOrderBySameCustomerSendsNoFurtherEmail() {
        var second = TestEvents.order(ANN, "O-ANN-2", item("P-MUG", "Mug", 1, "2.50"));
        herald.send(RouteSettings.COMMERCE_QUEUE, second);

        await().atMost(TestHerald.PATIENCE).until(() -> herald.count(
                "select count(*) from processed_event where event_id = ?", second.get("eventId").asText()) == 1);
        herald.awaitIdle();

        assertThat(herald.mails()).hasSize(2);
        assertThat(herald.count("select count(*) from outbox_message where customer_id = ?", ANN.id())).isEqualTo(2);
        assertThat(herald.count("select count(*) from customer_order where customer_id = ?", ANN.id())).isEqualTo(2);
    }

    private static void assertAddressedToAnnFromTheShop(Mail mail) throws Exception {
        assertThat(mail.to()).containsExactly(ANN.email());
        assertThat(mail.message().getRecipients(jakarta.mail.Message.RecipientType.CC)).isNull();
        assertThat(mail.message().getRecipients(jakarta.mail.Message.RecipientType.BCC)).isNull();
        InternetAddress from = (InternetAddress) mail.message().getFrom()[0];
        assertThat(mail.message().getFrom()).hasSize(1);
        assertThat(from.getAddress()).isEqualTo("hello@herald.example");
        assertThat(from.getPersonal()).isEqualTo("Herald Shop");
    }
}
