package dev.herald.engine.webhook;

import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook relay on a real database: it starts at the newest rows, relays emails sent and engagement in order
 * once settled, moves on only after a delivery, offers the same events again after a failure, and lets one node at
 * a time relay. Runs on H2 and PostgreSQL.
 */
abstract class WebhookRelayIT {

    static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    HeraldDatabase db;
    MutableClock clock;
    WebhookRelay relay;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(START);
        relay = new WebhookRelay(db.transactions(), clock, "node-a");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void historyIsNotRelayedAndNewEventsGoInOrderOnceSettledThenTheRelayMovesOn() {
        sent("welcome", "C0", START.minusSeconds(60));
        assertThat(relay.next(10)).as("the first call starts the streams").isEmpty();

        long first = sent("welcome", "C1", START.plusSeconds(1));
        long second = sent("thank-you", "C2", START.plusSeconds(2));
        engaged(first, "C1", "welcome", "CLICK", "https://shop.example/new", START.plusSeconds(3));
        clock.advance(Duration.ofSeconds(4));
        assertThat(relay.next(10)).as("not settled yet").isEmpty();

        clock.advance(WebhookRelay.SETTLE);
        WebhookRelay.Batch batch = relay.next(10).orElseThrow();

        assertThat(batch.events()).extracting(WebhookRelay.Event::type, WebhookRelay.Event::customerId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("email_sent", "C1"),
                        org.assertj.core.groups.Tuple.tuple("email_sent", "C2"),
                        org.assertj.core.groups.Tuple.tuple("email_clicked", "C1"));
        assertThat(batch.events().get(0).id()).isEqualTo("sent:" + first);
        assertThat(batch.events().get(1).id()).isEqualTo("sent:" + second);
        assertThat(batch.events().get(2).toMap()).containsEntry("url", "https://shop.example/new")
                .containsEntry("outboxId", first).doesNotContainKey("revenue");

        relay.delivered(batch);

        assertThat(relay.next(10)).isEmpty();
        assertThat(relay.status().orElseThrow().delivered()).isEqualTo(3);
    }

    @Test
    void aFullBatchLeavesTheRestForTheNextOne() {
        relay.next(2);
        long first = sent("welcome", "C1", START.plusSeconds(1));
        sent("welcome", "C2", START.plusSeconds(2));
        engaged(first, "C1", "welcome", "OPEN", null, START.plusSeconds(3));
        clock.advance(Duration.ofSeconds(10));

        WebhookRelay.Batch full = relay.next(2).orElseThrow();
        relay.delivered(full);
        WebhookRelay.Batch rest = relay.next(2).orElseThrow();

        assertThat(full.events()).extracting(WebhookRelay.Event::type).containsExactly("email_sent", "email_sent");
        assertThat(rest.events()).extracting(WebhookRelay.Event::type).containsExactly("email_opened");
    }

    @Test
    void aFailedBatchIsOfferedAgainAfterItsBackOffAndNotBefore() {
        relay.next(10);
        sent("welcome", "C1", START.plusSeconds(1));
        clock.advance(Duration.ofSeconds(10));
        WebhookRelay.Batch batch = relay.next(10).orElseThrow();

        relay.failed("HTTP 503 from https://crm.example/herald");

        assertThat(relay.next(10)).as("waiting out the back-off").isEmpty();
        assertThat(relay.status().orElseThrow().lastError()).isEqualTo("HTTP 503 from https://crm.example/herald");
        clock.advance(Duration.ofSeconds(2));
        assertThat(relay.next(10).orElseThrow().events()).isEqualTo(batch.events());
    }

    @Test
    void anotherNodeGetsNothingWhileTheLeaseHolds() {
        relay.next(10);
        sent("welcome", "C1", START.plusSeconds(1));
        clock.advance(Duration.ofSeconds(10));
        WebhookRelay other = new WebhookRelay(db.transactions(), clock, "node-b");

        assertThat(relay.next(10)).isPresent();
        assertThat(other.next(10)).as("node-a holds the lease").isEmpty();
        clock.advance(WebhookRelay.LEASE.plusSeconds(1));
        assertThat(other.next(10)).as("node-a went away: its lease ran out").isPresent();
    }

    long sent(String campaign, String customer, Instant at) {
        return db.transactions().inTransaction(em -> {
            OutboxMessage m = new OutboxMessage(campaign, customer, "1", "A", "evt-" + campaign + customer, campaign,
                    customer + "@example.com", "{}", at);
            em.persist(m);
            em.flush();
            em.createNativeQuery("update outbox_message set status = 'SENT', sent_at = ?1 where id = ?2")
                    .setParameter(1, at.atOffset(ZoneOffset.UTC)).setParameter(2, m.id()).executeUpdate();
            return m.id();
        });
    }

    void engaged(long outboxId, String customer, String campaign, String kind, String url, Instant at) {
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into engagement_event (outbox_id,"
                        + " customer_id, campaign, variant, kind, url, occurred_at) values (?1, ?2, ?3, 'A', ?4, ?5, ?6)")
                .setParameter(1, outboxId).setParameter(2, customer).setParameter(3, campaign).setParameter(4, kind)
                .setParameter(5, url).setParameter(6, at.atOffset(ZoneOffset.UTC)).executeUpdate());
    }
}
