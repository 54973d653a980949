package dev.herald.engine.consent;

import dev.herald.engine.delivery.OutboundEmail;
import dev.herald.engine.event.EventParser;
import dev.herald.engine.event.EventType;
import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Consent and suppression against a real database, through the event pipeline and the outbox dispatcher as
 * the runtimes wire them. Runs on H2 and PostgreSQL (subclasses).
 */
abstract class ConsentIT {

    HeraldDatabase db;
    ConsentPipeline herald;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        herald = new ConsentPipeline(db);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void addressSuppressedAfterTheDecisionIsSuppressedAtSendTimeAndKeptOnRecord() {
        herald.signup("c1", "Ann@Example.com", "Ann Smith");
        herald.suppressions.add(" ann@EXAMPLE.com ", SuppressionReason.MANUAL, "test", "asked by phone", "tester");

        assertThat(herald.dispatcher.claimDue(10)).isEmpty();

        Map<String, Object> row = db.row("select status, last_error from outbox_message where customer_id = 'c1'");
        assertThat(row.get("status")).isEqualTo("SUPPRESSED");
        assertThat((String) row.get("last_error")).contains("suppression list (manual)");
        assertThat(db.row("select actor, action from audit_log where entity_kind = 'suppression'"))
                .containsEntry("actor", "tester").containsEntry("action", "add");
    }

    @Test
    void unsubscribedAddressStillGetsTransactionalEmailButABouncedOneGetsNothing() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.signup("c2", "bob@example.com", "Bob Jones");
        herald.dispatcher.claimDue(10).forEach(e -> herald.dispatcher.markSent(e.outboxId()));
        herald.suppressions.add("ann@example.com", SuppressionReason.UNSUBSCRIBED, "test", null, "tester");
        herald.bounces.record("bob@example.com", "5.1.1", "user unknown", "webhook");

        herald.order("c1", "ann@example.com", "Ann Smith", "o1");
        herald.order("c2", "bob@example.com", "Bob Jones", "o2");
        List<OutboundEmail> sendable = herald.dispatcher.claimDue(10);

        assertThat(sendable).extracting(OutboundEmail::campaign, OutboundEmail::recipient)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("order-confirmation-1", "ann@example.com"));
        assertThat(statusByCampaignAndCustomer()).containsEntry("thank-you-1/c1", "SUPPRESSED")
                .containsEntry("thank-you-1/c2", "SUPPRESSED").containsEntry("order-confirmation-1/c2", "SUPPRESSED");
    }

    @Test
    void withdrawnOrUnconfirmedConsentStopsMarketingAtSendTime() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.signup("c2", "bob@example.com", "Bob Jones");
        herald.consents.withdraw("c1", ConsentService.EMAIL, "preference centre", "ann");
        herald.consents.requestDoubleOptIn("c2", "signup form", "web");

        List<OutboundEmail> sendable = herald.dispatcher.claimDue(10);

        assertThat(sendable).extracting(OutboundEmail::campaign).containsExactly(ConsentService.CONFIRMATION_CAMPAIGN);
        assertThat(statusByCampaignAndCustomer()).containsEntry("welcome/c1", "SUPPRESSED")
                .containsEntry("welcome/c2", "SUPPRESSED");
    }

    @Test
    void doubleOptInIsPendingUntilTheSignedLinkIsConfirmed() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.dispatcher.claimDue(10).forEach(e -> herald.dispatcher.markSent(e.outboxId()));

        herald.consents.requestDoubleOptIn("c1", "newsletter form", "web");
        assertThat(herald.consents.find("c1", "email")).get().extracting(ConsentService.Consent::status)
                .isEqualTo(ConsentService.Status.PENDING);
        OutboundEmail confirmation = herald.dispatcher.claimDue(10).get(0);
        String link = confirmation.email().text().replaceAll("(?s).*Confirm: (\\S+).*", "$1");
        assertThat(link).startsWith(ConsentPipeline.PUBLIC_URL + "/optin/");
        assertThat(confirmation.headers()).as("the confirmation is not marketing").isEmpty();
        String token = link.substring(link.lastIndexOf('/') + 1);

        assertThat(herald.engagement.confirm(token + "x")).isEmpty();
        assertThat(herald.engagement.confirm(token)).contains(true);
        assertThat(herald.engagement.confirm(token)).as("second click changes nothing").contains(false);

        ConsentService.Consent consent = herald.consents.find("c1", "email").orElseThrow();
        assertThat(consent.status()).isEqualTo(ConsentService.Status.GRANTED);
        assertThat(consent.confirmedAt()).isEqualTo(ConsentPipeline.START);
        assertThat(consent.source()).isEqualTo("double-opt-in link");
        assertThat(db.count("audit_log")).isEqualTo(2);
    }

    @Test
    void theConfirmationIsWrittenInTheCustomersLanguageElseTheDefaultLocale() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.signup("c2", "jonas@example.com", "Jonas Weber");
        db.transactions().inTransaction(em -> {
            dev.herald.engine.identity.CustomerAttributes.put(em, "c1", "locale", "en-US", null, "test",
                    ConsentPipeline.START);
            return null;
        });
        herald.consents.withDefaultLocale(java.util.Locale.GERMANY);

        herald.consents.requestDoubleOptIn("c1", "newsletter form", "web");
        herald.consents.requestDoubleOptIn("c2", "newsletter form", "web");

        String where = "select model_json from outbox_message where campaign = '" + ConsentService.CONFIRMATION_CAMPAIGN
                + "' and customer_id = ";
        assertThat(db.row(where + "'c1'").get("model_json").toString()).contains("\"locale\":\"en-US\"");
        assertThat(db.row(where + "'c2'").get("model_json").toString()).contains("\"locale\":\"de-DE\"");
    }

    @Test
    void aConfirmedOptInLiftsAnEarlierUnsubscribeButNotABounce() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.signup("c2", "bob@example.com", "Bob Jones");
        herald.dispatcher.claimDue(10).forEach(e -> herald.dispatcher.markSent(e.outboxId()));
        herald.suppressions.add("ann@example.com", SuppressionReason.UNSUBSCRIBED, "one-click", null, "recipient");
        herald.bounces.record("bob@example.com", "5.1.1", "user unknown", "webhook");

        herald.consents.requestDoubleOptIn("c1", "newsletter form", "web");
        herald.consents.requestDoubleOptIn("c2", "newsletter form", "web");
        herald.engagement.confirm(herald.tokens.confirm("c1"));
        herald.engagement.confirm(herald.tokens.confirm("c2"));

        assertThat(herald.suppressions.find("ann@example.com")).isEmpty();
        assertThat(herald.suppressions.find("bob@example.com")).isPresent();
    }

    @Test
    void theRulesSeeEmailConsentDeniedForASuppressedAddress() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.consents.grant("c1", "email", "import", "tester");
        Map<String, Boolean> before = consentFacts("c1");
        herald.suppressions.add("ann@example.com", SuppressionReason.COMPLAINED, "feedback loop", null, "isp");

        assertThat(before).containsEntry("email", true);
        assertThat(consentFacts("c1")).containsEntry("email", false);
    }

    @Test
    void theLatestStatementOfConsentWinsBetweenARecordAndAnIdentify() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.consents.grant("c1", "email", "double opt-in", "tester");
        herald.clock.advance(Duration.ofHours(1));
        String optOut = """
                {"eventId":"i1","type":"customer_identified","customerId":"c1",
                 "consent":{"marketing":false,"source":"crm-opt-out"},"timestamp":"2026-11-23T13:00:00Z"}""";
        herald.events.process(new EventParser().parse(optOut.getBytes(StandardCharsets.UTF_8),
                EnumSet.allOf(EventType.class)));
        assertThat(consentFacts("c1")).as("the CRM's later opt-out over the earlier record").containsEntry("email", false);

        herald.clock.advance(Duration.ofHours(1));
        herald.consents.grant("c1", "email", "preference centre", "tester");
        assertThat(consentFacts("c1")).as("a yet later record over the opt-out").containsEntry("email", true);
    }

    @Test
    void softBouncesSuppressOnlyWhenEnoughArriveWithinTheWindow() {
        assertThat(herald.bounces.record("ann@example.com", "4.2.2", "mailbox full", "dsn-mailbox"))
                .isEqualTo(BounceService.Result.COUNTED);
        herald.clock.advance(Duration.ofDays(8));
        assertThat(herald.bounces.record("ann@example.com", "4.2.2", "mailbox full", "dsn-mailbox"))
                .isEqualTo(BounceService.Result.COUNTED);
        herald.clock.advance(Duration.ofDays(1));
        assertThat(herald.bounces.record("ann@example.com", "4.2.2", "mailbox full", "dsn-mailbox"))
                .as("the first one is outside the window").isEqualTo(BounceService.Result.COUNTED);
        herald.clock.advance(Duration.ofDays(1));
        assertThat(herald.bounces.record("ann@example.com", "4.4.1", "no answer", "dsn-mailbox"))
                .isEqualTo(BounceService.Result.SUPPRESSED);

        Suppression s = herald.suppressions.find("ann@example.com").orElseThrow();
        assertThat(s.reason()).isEqualTo(SuppressionReason.BOUNCED);
        assertThat(s.detail()).startsWith("3 soft bounces within 168h");
        assertThat(db.count("bounce_event")).isEqualTo(4);
        assertThatThrownBy(() -> herald.bounces.record("ann@example.com", "2.0.0", "", "webhook"))
                .hasMessageContaining("4.x.x or 5.x.x");
    }

    @Test
    void smtpRefusalAtSendTimeMarksTheAddressBouncedAndSuppressesLaterEmail() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        OutboundEmail welcome = herald.dispatcher.claimDue(10).get(0);

        herald.dispatcher.markFailed(welcome.outboxId(), "SMTP 550: 5.1.1 mailbox unavailable", true);

        Suppression s = herald.suppressions.find("ann@example.com").orElseThrow();
        assertThat(s.reason()).isEqualTo(SuppressionReason.BOUNCED);
        assertThat(s.source()).isEqualTo("smtp");
        herald.order("c1", "ann@example.com", "Ann Smith", "o1");
        assertThat(herald.dispatcher.claimDue(10)).as("not even the transactional receipt").isEmpty();
    }

    @Test
    void aTransientFailureOrABrokenTemplateDoesNotSuppress() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        long id = herald.dispatcher.claimDue(10).get(0).outboxId();

        herald.dispatcher.markFailed(id, "SMTP 451: try again later", false);
        herald.dispatcher.markFailed(id, "render failed: no template", true);

        assertThat(herald.suppressions.find("ann@example.com")).isEmpty();
    }

    private Map<String, String> statusByCampaignAndCustomer() {
        return db.rows("select campaign, customer_id, status from outbox_message").stream().collect(Collectors.toMap(
                r -> r.get("campaign") + "/" + r.get("customer_id"), r -> (String) r.get("status")));
    }

    private Map<String, Boolean> consentFacts(String customerId) {
        return db.transactions().inTransaction(em -> ConsentService.decisionFacts(em, customerId)).stream()
                .collect(Collectors.toMap(f -> f.channel(), f -> f.granted()));
    }
}
