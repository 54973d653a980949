package dev.herald.engine.delivery;

import dev.herald.engine.consent.BounceService;
import dev.herald.engine.delivery.OutboxDispatcher.RetryPolicy;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deliverability guard on a real database (ADR 0074): bounces and complaints are blamed on the campaign of the
 * email they answer; the report that takes a marketing campaign's rate over the policy pauses it; a paused campaign's
 * emails wait in the outbox with the reason and go, or are dropped on record, when a person resumes it. Runs on H2
 * and PostgreSQL.
 */
abstract class DeliverabilityGuardIT {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final DeliverabilityPolicy POLICY = new DeliverabilityPolicy(0.05, 0.003, 100, Duration.ofHours(24));
    static final RetryPolicy RETRIES = new RetryPolicy(Duration.ofMinutes(2), 3, Duration.ofSeconds(5),
            Duration.ofMinutes(30));

    HeraldDatabase db;
    final MutableClock clock = new MutableClock(NOW);
    final AtomicReference<DeliverabilityPolicy> policy = new AtomicReference<>(POLICY);
    BounceService bounces;
    CampaignPauses pauses;
    OutboxDispatcher dispatcher;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        pauses = new CampaignPauses(db.transactions(), clock);
        bounces = new BounceService(db.transactions(), clock, 3, Duration.ofDays(7))
                .withGuard(new DeliverabilityGuard(policy::get, Set.of("receipt")::contains, pauses));
        dispatcher = new OutboxDispatcher(db.transactions(), new OutboxDispatcherIT.TestRenderer(), clock, RETRIES,
                List.of(pauses.gate()));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theBounceThatTakesTheRateAboveThePolicyPausesTheCampaignAndIsAudited() {
        sent("newsletter", 100, Duration.ofHours(2));
        for (int i = 1; i <= 5; i++) {
            bounces.record("newsletter" + i + "@example.com", "5.1.1", "user unknown", "webhook");
        }
        assertThat(pauses.list()).isEmpty();

        bounces.record("newsletter6@example.com", "5.1.1", "user unknown", "webhook");

        assertThat(pauses.list()).singleElement().satisfies(p -> {
            assertThat(p.campaign()).isEqualTo("newsletter");
            assertThat(p.pausedBy()).isEqualTo(DeliverabilityGuard.ACTOR);
            assertThat(p.reason()).isEqualTo("bounce rate 6% (6 of 100 emails in 1d) is above 5%");
        });
        assertThat(db.row("select actor, action, entity_id from audit_log where entity_kind = 'campaign'"))
                .containsEntry("actor", DeliverabilityGuard.ACTOR).containsEntry("action", "pause")
                .containsEntry("entity_id", "newsletter");
    }

    @Test
    void aBounceIsBlamedOnTheLatestEmailToTheAddressWithinAWeek() {
        sentTo("welcome", "ann@example.com", Duration.ofDays(3));
        sentTo("newsletter", "ann@example.com", Duration.ofDays(1));
        sentTo("newsletter", "old@example.com", Duration.ofDays(8));

        bounces.record("Ann@Example.com", "5.1.1", "user unknown", "dsn-mailbox");
        bounces.record("old@example.com", "5.1.1", "user unknown", "dsn-mailbox");

        assertThat(db.rows("select campaign from bounce_event order by id")).extracting(r -> r.get("campaign"))
                .containsExactly("newsletter", null);
    }

    @Test
    void aReportThatReturnedHeraldsEmailCountsAgainstThatEmailsCampaign() {
        long welcome = sentTo("welcome", "ann@example.com", Duration.ofDays(3));
        sentTo("newsletter", "ann@example.com", Duration.ofDays(1));

        bounces.record("ann@example.com", "5.1.1", "user unknown", "dsn-mailbox", welcome);
        // an id that names an email to someone else is not believed: the latest email to the address is blamed
        long other = sentTo("welcome", "bob@example.com", Duration.ofDays(2));
        bounces.record("ann@example.com", "5.1.1", "user unknown", "dsn-mailbox", other);

        assertThat(db.rows("select campaign from bounce_event order by id")).extracting(r -> r.get("campaign"))
                .containsExactly("welcome", "newsletter");
    }

    @Test
    void aComplaintWithTheRecipientRedactedFindsItThroughTheOutboxId() {
        long email = sentTo("newsletter", "cara@example.com", Duration.ofHours(5));

        assertThat(bounces.recordComplaint(null, "feedback-type abuse", "fbl-mailbox", "bounce-mailbox", email))
                .isTrue();

        assertThat(db.row("select reason, source from suppression where address = 'cara@example.com'"))
                .containsEntry("reason", "COMPLAINED").containsEntry("source", "fbl-mailbox");
        assertThat(db.row("select kind, campaign from bounce_event")).containsEntry("kind", "COMPLAINT")
                .containsEntry("campaign", "newsletter");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bounces.recordComplaint(null, "abuse", "fbl-mailbox",
                "bounce-mailbox", 999_999L)).hasMessageContaining("a complaint needs the recipient's address");
    }

    @Test
    void aPausedCampaignsEmailsWaitWithTheReasonWhileOthersGoAndAllGoWhenResumed() {
        pauses.pause("newsletter", "marketer", "checking the list");
        long held = queue("newsletter", "ann");
        long other = queue("welcome", "bob");

        sendDue();

        assertThat(status(other)).isEqualTo("SENT");
        Map<String, Object> row = db.row("select status, last_error, next_attempt_at from outbox_message where id = ?",
                held);
        assertThat(row).containsEntry("status", "PENDING")
                .containsEntry("last_error", "deferred: campaign paused: checking the list");
        assertThat(HeraldDatabase.instant(row.get("next_attempt_at"))).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(pauses.list()).singleElement().satisfies(p -> assertThat(p.held()).isEqualTo(1));

        assertThat(pauses.resume("newsletter", "marketer", false)).contains(new CampaignPauses.Resumed(1, 0));
        sendDue();

        assertThat(status(held)).isEqualTo("SENT");
        assertThat(pauses.list()).isEmpty();
        assertThat(db.rows("select action, actor from audit_log where entity_kind = 'campaign' order by id"))
                .extracting(r -> r.get("action") + " by " + r.get("actor"))
                .containsExactly("pause by marketer", "resume by marketer");
    }

    @Test
    void resumingWithoutTheHeldEmailsKeepsThemOnRecordAsSuppressedWithTheReason() {
        pauses.pause("newsletter", "marketer", "stale list");
        long held = queue("newsletter", "ann");
        sendDue();

        assertThat(pauses.resume("newsletter", "admin", true)).contains(new CampaignPauses.Resumed(0, 1));
        sendDue();

        assertThat(db.row("select status, last_error from outbox_message where id = ?", held))
                .containsEntry("status", "SUPPRESSED").containsEntry("last_error",
                        "suppressed: held while the campaign was paused (stale list), dropped when admin resumed it");
        assertThat(pauses.resume("newsletter", "admin", true)).isEmpty();
    }

    @Test
    void theGuardsPauseHoldsTheNextEmailOfTheCampaignAtOnce() {
        long early = queue("newsletter", "ann");
        sendDue(); // the gate has read the pauses: none
        assertThat(status(early)).isEqualTo("SENT");
        sent("newsletter", 100, Duration.ofHours(1));
        for (int i = 1; i <= 6; i++) {
            bounces.record("newsletter" + i + "@example.com", "5.1.1", "user unknown", "webhook");
        }
        long late = queue("newsletter", "bob");

        sendDue();

        assertThat(status(late)).isEqualTo("PENDING");
        assertThat((String) db.row("select last_error from outbox_message where id = ?", late).get("last_error"))
                .startsWith("deferred: campaign paused: bounce rate");
    }

    @Test
    void aPauseWrittenByAnotherNodeReachesThisGateWithinTheSnapshotAge() {
        queue("welcome", "zed");
        sendDue(); // the gate has read the pauses: none
        db.transactions().inTransaction(em -> CampaignPauses.pause(em, "newsletter", "other-node", "elsewhere", NOW));
        long first = queue("newsletter", "ann");
        sendDue();
        assertThat(status(first)).isEqualTo("SENT");

        clock.advance(CampaignPauses.SNAPSHOT_AGE.plusSeconds(1));
        long second = queue("newsletter", "bob");
        sendDue();

        assertThat(status(second)).isEqualTo("PENDING");
    }

    @Test
    void transactionalCampaignsSmallCampaignsAndSoftBouncesNeverPause() {
        sent("receipt", 100, Duration.ofHours(1));
        sent("small", 50, Duration.ofHours(1));
        sent("newsletter", 100, Duration.ofHours(1));
        for (int i = 1; i <= 20; i++) {
            bounces.record("receipt" + i + "@example.com", "5.1.1", "user unknown", "webhook");
            bounces.record("small" + i + "@example.com", "5.1.1", "user unknown", "webhook");
            bounces.record("newsletter" + i + "@example.com", "4.2.2", "mailbox full", "webhook");
        }

        assertThat(pauses.list()).isEmpty();
    }

    @Test
    void emailsSentBeforeTheWindowDoNotCountAndThePolicyOffPausesNothing() {
        sent("newsletter", 100, Duration.ofHours(30));
        for (int i = 1; i <= 10; i++) {
            bounces.record("newsletter" + i + "@example.com", "5.1.1", "user unknown", "webhook");
        }
        assertThat(pauses.list()).isEmpty();

        sent("digest", 100, Duration.ofHours(1));
        policy.set(DeliverabilityPolicy.NONE);
        for (int i = 1; i <= 10; i++) {
            bounces.record("digest" + i + "@example.com", "5.1.1", "user unknown", "webhook");
        }
        assertThat(pauses.list()).isEmpty();
    }

    @Test
    void spamComplaintsSuppressTheAddressAndPauseAboveTheirOwnRate() {
        sent("newsletter", 1000, Duration.ofHours(3));
        for (int i = 1; i <= 3; i++) {
            assertThat(bounces.recordComplaint("newsletter" + i + "@example.com", "abuse report", "webhook", "api"))
                    .isTrue();
        }
        assertThat(pauses.list()).isEmpty();

        bounces.recordComplaint("newsletter4@example.com", "abuse report", "webhook", "api");

        assertThat(pauses.list()).singleElement().satisfies(p -> assertThat(p.reason())
                .isEqualTo("spam complaint rate 0.4% (4 of 1000 emails in 1d) is above 0.3%"));
        assertThat(db.row("select reason from suppression where address = 'newsletter4@example.com'"))
                .containsEntry("reason", "COMPLAINED");
    }

    @Test
    void anEmailRefusedAtSendTimeCountsAsAnEmailAndABounceOfItsOwnCampaign() {
        sent("newsletter", 97, Duration.ofHours(1));
        for (int i = 1; i <= 3; i++) {
            // refusals of addresses that never got an email before: blamed on the email refused
            int n = i;
            db.transactions().inTransaction(em -> bounces.record(em, "new" + n + "@example.com", "550",
                    "550 5.1.1 no such user", "smtp", NOW, "newsletter"));
        }

        DeliverabilityGuard guard = new DeliverabilityGuard(policy::get, c -> false, null);
        assertThat(guard.healthOfAll(db.transactions(), NOW)).containsExactly(
                new CampaignHealth("newsletter", 100, 3, 0));
        assertThat(pauses.list()).isEmpty(); // 3% of 100
    }

    int sendDue() {
        List<OutboundEmail> due = dispatcher.claimDue(50);
        due.forEach(e -> dispatcher.markSent(e.outboxId()));
        return due.size();
    }

    String status(long id) {
        return (String) db.row("select status from outbox_message where id = ?", id).get("status");
    }

    /** {@code count} emails of the campaign sent {@code ago}, to {@code campaign1@example.com} and on. */
    void sent(String campaign, int count, Duration ago) {
        db.transactions().inTransaction(em -> {
            for (int i = 1; i <= count; i++) {
                String customer = campaign + i;
                OutboxMessage message = new OutboxMessage(campaign, customer, "1", "A", "evt-" + customer, "welcome",
                        customer + "@example.com", "{}", NOW.minus(ago));
                message.markSent(NOW.minus(ago));
                em.persist(message);
            }
            return null;
        });
    }

    long sentTo(String campaign, String address, Duration ago) {
        return db.transactions().inTransaction(em -> {
            OutboxMessage message = new OutboxMessage(campaign, address, "1", "A", "evt-" + campaign + address,
                    "welcome", address, "{}", NOW.minus(ago));
            message.markSent(NOW.minus(ago));
            em.persist(message);
            em.flush();
            return message.id();
        });
    }

    long queue(String campaign, String customer) {
        String model = "{\"customer\":{\"id\":\"" + customer + "\",\"firstName\":\"Ann\"},\"campaign\":\"" + campaign + "\"}";
        OutboxMessage message = new OutboxMessage(campaign, customer, "q", "A", "evt-now-" + campaign + customer,
                "welcome", customer + "@example.com", model, NOW);
        return db.transactions().inTransaction(em -> {
            em.persist(message);
            em.flush();
            return message.id();
        });
    }
}
