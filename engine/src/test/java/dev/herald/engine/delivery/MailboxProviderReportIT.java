package dev.herald.engine.delivery;

import dev.herald.engine.consent.BounceService;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliverability by mailbox provider on a real database (ADR 0074): emails sent in the period, the ones opened and
 * clicked, and the hard bounces and complaints received, grouped by the provider behind each recipient's domain
 * (gmail.com and googlemail.com are both Gmail), most emails first; a campaign narrows it. Runs on H2 and PostgreSQL.
 */
abstract class MailboxProviderReportIT {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    HeraldDatabase db;
    BounceService bounces;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        bounces = new BounceService(db.transactions(), new MutableClock(NOW), 3, Duration.ofDays(7));
        long ann = sent("newsletter", "Ann@Gmail.com", 2);
        sent("newsletter", "bob@googlemail.com", 2);
        long cara = sent("newsletter", "cara@hotmail.com", 3);
        sent("newsletter", "dan@shop.example", 1);
        sent("newsletter", "eve@yahoo.com", 1);
        sent("welcome", "fay@gmail.com", 1);
        sent("newsletter", "old@gmail.com", 40); // before the period
        engaged(ann, "OPEN");
        engaged(ann, "OPEN"); // opened twice: one email opened
        engaged(ann, "CLICK");
        engaged(cara, "OPEN");
        bounces.record("dan@shop.example", "5.1.1", "user unknown", "webhook");
        bounces.record("cara@hotmail.com", "4.2.2", "mailbox full", "webhook"); // soft: not counted
        bounces.recordComplaint("eve@yahoo.com", "abuse", "webhook", "api");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eachProvidersEmailsOpensClicksBouncesAndComplaintsMostEmailsFirst() {
        List<MailboxProviderReport.Row> rows = new MailboxProviderReport(db.transactions())
                .between(NOW.minus(Duration.ofDays(30)), NOW.plusSeconds(60), null);

        assertThat(rows).extracting(r -> r.provider() + " " + r.domains() + " emails " + r.emails() + " opened "
                        + r.opened() + " clicked " + r.clicked() + " bounced " + r.bounced() + " complained "
                        + r.complained())
                .containsExactly(
                        "Gmail [gmail.com, googlemail.com] emails 3 opened 1 clicked 1 bounced 0 complained 0",
                        "Microsoft [hotmail.com] emails 1 opened 1 clicked 0 bounced 0 complained 0",
                        "Yahoo [yahoo.com] emails 1 opened 0 clicked 0 bounced 0 complained 1",
                        "shop.example [shop.example] emails 1 opened 0 clicked 0 bounced 1 complained 0");
        assertThat(rows.get(0).openRate()).isEqualTo(1.0 / 3);
    }

    @Test
    void aCampaignNarrowsTheReport() {
        List<MailboxProviderReport.Row> rows = new MailboxProviderReport(db.transactions())
                .between(NOW.minus(Duration.ofDays(30)), NOW.plusSeconds(60), "welcome");

        assertThat(rows).extracting(MailboxProviderReport.Row::provider, MailboxProviderReport.Row::emails)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Gmail", 1L));
    }

    long sent(String campaign, String address, int daysAgo) {
        Instant at = NOW.minus(Duration.ofDays(daysAgo));
        return db.transactions().inTransaction(em -> {
            OutboxMessage message = new OutboxMessage(campaign, address, "1", "A", "evt-" + campaign + address,
                    "welcome", address, "{}", at);
            message.markSent(at);
            em.persist(message);
            em.flush();
            return message.id();
        });
    }

    void engaged(long outboxId, String kind) {
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into engagement_event (outbox_id,"
                        + " customer_id, campaign, variant, kind, occurred_at) values (?1, 'c', 'newsletter', 'A', ?2, ?3)")
                .setParameter(1, outboxId).setParameter(2, kind).setParameter(3, NOW.atOffset(ZoneOffset.UTC))
                .executeUpdate());
    }
}
