package dev.herald.engine.consent;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.delivery.OutboundEmail;
import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscription topics (ADR 0063): a customer's choices are stored and audited, and at send time a marketing email
 * of a topic they opted out of is suppressed with that reason while their other email goes out. Runs on H2 and
 * PostgreSQL (subclasses).
 */
abstract class TopicPreferencesIT {

    HeraldDatabase db;
    ConsentPipeline herald;
    TopicPreferences topics;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        herald = new ConsentPipeline(db);
        topics = new TopicPreferences(db.transactions(), herald.clock);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void choicesAreStoredAuditedAndOnlyChangesCount() {
        Map<String, Boolean> first = topics.choose("C1", Map.of("newsletter", false, "offers", true), "preference page");
        Map<String, Boolean> again = topics.choose("C1", Map.of("newsletter", false, "offers", true), "preference page");

        assertThat(first).containsExactly(Map.entry("newsletter", false));
        assertThat(again).isEmpty();
        assertThat(topics.optedOut("C1")).containsExactly("newsletter");
        assertThat(topics.optedOut("C2")).isEmpty();

        assertThat(topics.choose("C1", Map.of("newsletter", true), "preference page"))
                .containsExactly(Map.entry("newsletter", true));
        assertThat(topics.optedOut("C1")).isEmpty();
        assertThat(db.rows("select action, actor from audit_log where entity_kind = 'topics' and entity_id = 'C1'"
                + " order by id")).extracting(row -> row.get("action") + " by " + row.get("actor"))
                .containsExactly("topic-optout by preference page", "topic-subscribe by preference page");
    }

    @Test
    void theRulesSeeEachTopicTheCustomerLeftAsADeniedConsentAloneAndInABatch() {
        herald.signup("C1", "ann@example.com", "Ann");
        herald.signup("C2", "bob@example.com", "Bob");
        topics.choose("C1", Map.of("newsletter", false, "offers", true), "preference page");
        herald.decided.clear();

        herald.order("C1", "ann@example.com", "Ann", "ord-1");
        herald.events.processBatch(List.of(
                new dev.herald.engine.event.CustomerSignedUp("again-C1", "C1", "ann@example.com", "Ann",
                        herald.clock.instant()),
                new dev.herald.engine.event.CustomerSignedUp("again-C2", "C2", "bob@example.com", "Bob",
                        herald.clock.instant())));

        ConsentFact leftNewsletter = new ConsentFact("C1", TopicPreferences.CONSENT_CHANNEL_PREFIX + "newsletter",
                false);
        assertThat(herald.decided).hasSize(3).allSatisfy(facts -> {
            if (facts.customerId().equals("C1")) {
                assertThat(facts.context().consents()).contains(leftNewsletter)
                        .noneMatch(c -> c.channel().equals("topic:offers"));
            } else {
                assertThat(facts.context().consents()).noneMatch(c -> c.channel().startsWith("topic:"));
            }
        });
    }

    @Test
    void anEmailOfATopicTheCustomerLeftIsSuppressedWithTheReasonAndTheirOtherEmailGoesOut() {
        herald.signup("C1", "ann@example.com", "Ann");
        herald.signup("C2", "bob@example.com", "Bob");
        herald.order("C1", "ann@example.com", "Ann", "ord-1");
        topics.choose("C1", Map.of(ConsentPipeline.WELCOME_TOPIC, false), "preference page");

        List<OutboundEmail> due = herald.dispatcher.claimDue(10);

        assertThat(due).extracting(e -> e.customerId() + "/" + e.campaign())
                .contains("C2/welcome", "C1/thank-you-1").doesNotContain("C1/welcome");
        assertThat(db.row("select status, last_error from outbox_message where customer_id = 'C1'"
                + " and campaign = 'welcome'")).containsEntry("status", "SUPPRESSED")
                .containsEntry("last_error", "suppressed: opted out of topic newsletter");
    }
}
