package dev.herald.engine.scoring;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Engagement scoring on a real database (ADR 0075): opens (once per email and day), clicks, activity events and
 * orders each count their points faded from their day; the score is stored as an attribute and a segment; as time
 * passes without actions the score fades and the customer moves segment, a segment-changed event; actions older than
 * the window are not read. Runs on H2 and PostgreSQL.
 */
abstract class ScoringServiceIT {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final ScoringPolicy POLICY = new ScoringPolicy(Duration.ofDays(10), Map.of("email_opened", 1.0,
            "email_clicked", 4.0, "product_viewed", 2.0, "order_completed", 20.0), 20, 5);

    HeraldDatabase db;
    ScoringService scoring;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        scoring = new ScoringService(db.transactions());
        for (String id : new String[]{"ann", "bob", "cat"}) {
            db.transactions().inTransaction(em -> {
                em.persist(new Customer(id, id + "@example.com", id, NOW.minus(Duration.ofDays(400))));
                return null;
            });
        }
        // Ann today: one email opened three times, one click, two product views; an order ten days ago
        engagement("ann", 11, "OPEN", 0);
        engagement("ann", 11, "OPEN", 0);
        engagement("ann", 11, "OPEN", 0);
        engagement("ann", 11, "CLICK", 0);
        activity("ann", "product_viewed", 0);
        activity("ann", "product_viewed", 0);
        order("ann", 10);
        // Bob: one product view twenty days ago, and an order long before the window (60 days)
        activity("bob", "product_viewed", 20);
        order("bob", 90);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eachActionCountsItsPointsFadedFromItsDayAndTheScoreIsStoredWithItsSegment() {
        ScoringService.Result result = scoring.scoreAll(POLICY, NOW);

        // Ann: 1 (one email opened) + 4 + 2 x 2 + 20 / 2 = 19; Bob: 2 / 4 = 0.5; Cat did nothing
        assertThat(result.scores()).containsOnlyKeys("ann", "bob");
        assertThat(result.scores().get("ann")).isCloseTo(19.0, within(1e-9));
        assertThat(result.scores().get("bob")).isCloseTo(0.5, within(1e-9));
        assertThat(db.row("select number_value, source from customer_attribute where customer_id = 'ann'"
                + " and name = 'engagement_score'").get("number_value").toString()).startsWith("19.0");
        assertThat(segment("ann")).isEqualTo("Engaged");
        assertThat(segment("bob")).isEqualTo("Not engaged");
        assertThat(result.bands()).containsEntry(EngagementSegment.ENGAGED, 1).containsEntry(EngagementSegment.NOT, 1);
    }

    @Test
    void withoutNewActionsTheScoreFadesAndTheCustomerMovesSegmentAsAnEvent() {
        order("cat", 0);
        order("cat", 0);
        scoring.scoreAll(POLICY, NOW);
        assertThat(segment("cat")).isEqualTo("Very engaged");

        ScoringService.Result later = scoring.scoreAll(POLICY, NOW.plus(Duration.ofDays(25)));

        assertThat(later.scores().get("cat")).isCloseTo(40 * Math.pow(0.5, 2.5), within(1e-9));
        assertThat(segment("cat")).isEqualTo("Engaged");
        assertThat(later.changes()).anySatisfy(c -> {
            assertThat(c.customerId()).isEqualTo("cat");
            assertThat(c.fromSegment()).isEqualTo("Very engaged");
            assertThat(c.toSegment()).isEqualTo("Engaged");
        });

        ScoringService.Result muchLater = scoring.scoreAll(POLICY, NOW.plus(Duration.ofDays(90)));
        assertThat(muchLater.scores()).as("scored before, so rescored to 0 once its actions leave the window")
                .containsEntry("cat", 0.0);
        assertThat(segment("cat")).isEqualTo("Not engaged");
    }

    private String segment(String customer) {
        return (String) db.row("select segment from segment_membership where customer_id = ? and scheme = ?",
                customer, ScoringService.SCHEME).get("segment");
    }

    private void engagement(String customer, long outboxId, String kind, int daysAgo) {
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into engagement_event (outbox_id,"
                        + " customer_id, campaign, variant, kind, occurred_at) values (?1, ?2, 'news', 'A', ?3, ?4)")
                .setParameter(1, outboxId).setParameter(2, customer).setParameter(3, kind)
                .setParameter(4, NOW.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC)).executeUpdate());
    }

    private void activity(String customer, String kind, int daysAgo) {
        db.transactions().inTransaction(em -> {
            em.persist(new dev.herald.engine.customer.CustomerActivity(customer, "evt-" + customer + kind + daysAgo
                    + System.nanoTime(), kind, NOW.minus(Duration.ofDays(daysAgo)), "{}"));
            return null;
        });
    }

    private int orders;

    private void order(String customer, int daysAgo) {
        String id = "ord-" + customer + "-" + (++orders);
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into customer_order (id, customer_id,"
                        + " event_id, currency, total, ordered_at) values (?1, ?2, ?1, 'GBP', 10, ?3)")
                .setParameter(1, id).setParameter(2, customer)
                .setParameter(3, NOW.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC)).executeUpdate());
    }
}
