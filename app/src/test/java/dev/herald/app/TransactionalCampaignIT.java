package dev.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.TestEvents.Customer;
import dev.herald.engine.consent.SuppressionGate;
import dev.herald.routes.RouteSettings;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code type: transactional} in a campaign definition reaches the decision and the send-time gate (ADR 0034), on
 * the standalone runtime with H2, the embedded broker and GreenMail. The campaigns folder holds a transactional
 * receipt (on orders) and a marketing offer (on product views, no {@code audience.consent}). Ann said no to
 * marketing, Bob yes, Cat yes but her address bounced.
 */
class TransactionalCampaignIT {

    static final Customer ANN = TestEvents.customer("C-ANN", "Ann Smith");
    static final Customer BOB = TestEvents.customer("C-BOB", "Bob Jones");
    static final Customer CAT = TestEvents.customer("C-CAT", "Cat Brown");

    @TempDir
    static Path dataDir;
    static TestHerald herald;

    @BeforeAll
    static void start() throws Exception {
        Path campaigns = Files.createDirectories(dataDir.resolve("my-campaigns"));
        Files.writeString(campaigns.resolve("order-receipt.yaml"), """
                # what the customer needs whatever their marketing consent
                id: order-receipt
                type: transactional
                trigger:
                  event: order_completed
                template: thank-you
                """);
        Files.writeString(campaigns.resolve("browse-offer.yaml"), """
                id: browse-offer
                trigger:
                  event: product_viewed
                template: welcome
                """);
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.RULES_DIR, campaigns.toString()));
        herald.send(RouteSettings.CRM_QUEUE, identify(ANN, false));
        herald.send(RouteSettings.CRM_QUEUE, identify(BOB, true));
        herald.send(RouteSettings.CRM_QUEUE, identify(CAT, true));
        herald.awaitIdle();
        herald.runtime().engagement().bounces().record(CAT.email(), "5.1.1", "user unknown", "webhook");
        for (Customer c : List.of(ANN, BOB, CAT)) {
            herald.send(RouteSettings.CRM_QUEUE, productViewed(c));
            herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(c, TestEvents.newId("ord"),
                    TestEvents.item("p-1", "Mug", 1, "7.00")));
        }
        herald.awaitIdle();
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void theTransactionalReceiptReachesACustomerWithoutMarketingConsentWithoutUnsubscribeHeadersOrLink()
            throws Exception {
        MimeMessage receipt = TestMail.only(herald.mails(), ANN.email(), "order-receipt").message();

        assertThat(herald.count("select count(*) from consent_record where customer_id = ? and status = 'WITHDRAWN'",
                ANN.id())).as("her no is on record").isEqualTo(1);
        assertThat(receipt.getHeader("List-Unsubscribe")).isNull();
        assertThat(receipt.getHeader("List-Unsubscribe-Post")).isNull();
        TestMail.Mail mail = TestMail.read(receipt);
        assertThat(mail.html()).doesNotContain("/u/").doesNotContain("/o/");
        assertThat(mail.text()).doesNotContain("Unsubscribe");
    }

    @Test
    void theMarketingOfferIsNotDecidedForHerButReachesBobWithOneClickUnsubscribe() throws Exception {
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'browse-offer'"
                + " and customer_id = ?", ANN.id())).as("not even queued").isZero();
        assertThat(herald.count("select count(*) from processed_event where customer_id = ?"
                + " and event_type = 'product_viewed'", ANN.id())).as("her view was processed").isEqualTo(1);

        MimeMessage offer = TestMail.only(herald.mails(), BOB.email(), "browse-offer").message();
        assertThat(offer.getHeader("List-Unsubscribe", null)).contains("/u/");
        assertThat(offer.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        MimeMessage bobsReceipt = TestMail.only(herald.mails(), BOB.email(), "order-receipt").message();
        assertThat(bobsReceipt.getHeader("List-Unsubscribe")).as("transactional for Bob too").isNull();
    }

    @Test
    void aBouncedAddressGetsNeitherTheOfferNorTheReceipt() {
        assertThat(herald.mails()).noneMatch(m -> TestMail.read(m).to().contains(CAT.email()));
        assertThat(herald.count("select count(*) from outbox_message where campaign = 'browse-offer'"
                + " and customer_id = ?", CAT.id())).as("marketing: held back at the decision").isZero();
        assertThat(herald.countBy("select last_error, count(*) from outbox_message where campaign = 'order-receipt'"
                + " and customer_id = ? and status = 'SUPPRESSED' group by last_error", CAT.id()))
                .as("transactional: decided, then stopped by the send gate")
                .isEqualTo(Map.of("suppressed: address on the suppression list (bounced)", 1L));
    }

    @Test
    void theRemovedListSettingStopsStartUpBeforeAnythingStartsSayingWhatToDo() {
        Path elsewhere = dataDir.resolve("old-config");

        assertThatThrownBy(() -> TestHerald.start(elsewhere,
                Map.of(HeraldConfig.TRANSACTIONAL_CAMPAIGNS, "order-receipt, password-reset")))
                .hasMessageContaining(SuppressionGate.REMOVED_TRANSACTIONAL_SETTING + " is no longer read")
                .hasMessageContaining("'type: transactional' in the definition of order-receipt, password-reset");
        assertThat(elsewhere).as("refused before the data directory was made").doesNotExist();
    }

    static ObjectNode identify(Customer customer, boolean marketing) {
        ObjectNode e = TestEvents.signup(TestEvents.newId("identify-" + customer.id()), customer);
        e.put("type", "customer_identified");
        e.putObject("consent").put("marketing", marketing).put("source", "checkout");
        return e;
    }

    static ObjectNode productViewed(Customer customer) {
        ObjectNode e = TestEvents.signup(TestEvents.newId("view-" + customer.id()), customer);
        e.put("type", "product_viewed");
        e.put("productId", "p-1");
        e.put("productName", "Mug");
        return e;
    }
}
