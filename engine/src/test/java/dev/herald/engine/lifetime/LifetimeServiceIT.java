package dev.herald.engine.lifetime;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.identity.CustomerAttributes;
import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Lifetime predictions from the stored orders (H2 and PostgreSQL): every customer with an order gets the three
 * attributes, with source "lifetime", equal to the model's values for their history; a second run replaces them.
 */
abstract class LifetimeServiceIT {

    static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant AS_OF = Instant.parse("2026-06-01T00:00:00Z");

    HeraldDatabase db;
    final List<PurchaseHistory.Order> orders = new ArrayList<>();
    final List<GammaGamma.ValuedOrder> valued = new ArrayList<>();

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        for (int i = 0; i < 40; i++) {
            String id = "c" + i;
            int purchases = i % 6 + 1;
            int gap = 3 + (i * 7) % 40;
            db.transactions().inTransaction(em -> {
                em.persist(new Customer(id, id + "@example.com", "Ann", START));
                return null;
            });
            for (int k = 0; k < purchases; k++) {
                order(id, START.plus(Duration.ofDays(i + (long) k * gap)), BigDecimal.valueOf(5 + (i * 7 + k * 13) % 40));
            }
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyCustomerWithAnOrderGetsTheModelsThreePredictions() {
        LifetimeService.Result result = new LifetimeService(db.transactions()).predictAll(AS_OF, AS_OF);

        assertThat(result.predictions()).hasSize(40);
        BgNbd.Fit fit = BgNbd.fit(PurchaseHistory.of(orders, AS_OF));
        assertThat(result.fit().params().r()).isCloseTo(fit.params().r(), within(1e-9));
        for (LifetimeService.Prediction p : result.predictions()) {
            PurchaseHistory h = p.history();
            assertThat(stored(h.customerId(), LifetimeService.ALIVE_PROBABILITY))
                    .isCloseTo(BgNbd.pAlive(fit.params(), h), within(5e-5));
            assertThat(stored(h.customerId(), LifetimeService.PURCHASE_PROBABILITY))
                    .isCloseTo(BgNbd.purchaseProbability(fit.params(), h, 90), within(5e-5));
            assertThat(stored(h.customerId(), LifetimeService.EXPECTED_ORDERS))
                    .isCloseTo(BgNbd.expectedPurchases(fit.params(), h, 90), within(5e-5));
            assertThat(stored(h.customerId(), LifetimeService.EXPECTED_SPEND)).as("spend of %s", h.customerId())
                    .isCloseTo(p.expectedSpend(), within(5e-5));
        }
        // the spend: expected orders times the Gamma-Gamma value of the customer's next purchase
        GammaGamma.Fit spend = GammaGamma.fit(GammaGamma.spendOf(valued, AS_OF));
        assertThat(result.spendFit().params().q()).isCloseTo(spend.params().q(), within(1e-9));
        LifetimeService.Prediction c5 = result.predictions().stream().filter(p -> p.history().customerId().equals("c5"))
                .findFirst().orElseThrow();
        GammaGamma.Spend c5Spend = GammaGamma.spendOf(valued, AS_OF).stream()
                .filter(s -> s.customerId().equals("c5")).findFirst().orElseThrow();
        assertThat(c5.expectedSpend()).isCloseTo(c5.expectedOrders() * GammaGamma.expectedValue(spend.params(),
                c5Spend.x(), c5Spend.meanValue()), within(1e-9));
        assertThat(db.transactions().inTransaction(em -> CustomerAttributes.read(em, "c7",
                LifetimeService.EXPECTED_ORDERS)).orElseThrow().source()).isEqualTo("lifetime");
        // and a segment each, every one a first membership: a segment-changed event without a from_segment
        assertThat(result.changes()).hasSize(40).allSatisfy(c -> assertThat(c.fromSegment()).isNull());
        for (LifetimeService.Prediction p : result.predictions()) {
            String segment = db.transactions().inTransaction(em -> dev.herald.engine.segment.SegmentMemberships.of(em,
                    p.history().customerId(), LifetimeService.SCHEME).segment());
            assertThat(segment).isEqualTo(LifetimeSegment.of(p.purchaseProbability()).label());
        }
    }

    @Test
    void aLaterRunReplacesThePredictions() {
        LifetimeService service = new LifetimeService(db.transactions());
        service.predictAll(AS_OF, AS_OF);
        double before = stored("c5", LifetimeService.PURCHASE_PROBABILITY);

        LifetimeService.Result later = service.predictAll(AS_OF.plus(Duration.ofDays(200)), AS_OF);

        assertThat(stored("c5", LifetimeService.PURCHASE_PROBABILITY)).as("200 more quiet days")
                .isLessThan(before);
        assertThat(later.asOf()).isEqualTo(AS_OF.plus(Duration.ofDays(200)));
        assertThat(later.changes()).as("only customers whose segment moved").isNotEmpty()
                .allSatisfy(c -> assertThat(c.fromSegment()).isNotNull().isNotEqualTo(c.toSegment()))
                .hasSizeLessThan(40);
        assertThat(db.count("customer_attribute")).isEqualTo(4 * 40);
        assertThat(db.count("segment_membership")).isEqualTo(40);
    }

    @Test
    void whenTooFewCustomersBoughtTwiceNoSpendIsStoredNotEvenLastRunsOne() {
        LifetimeService service = new LifetimeService(db.transactions());
        service.predictAll(AS_OF, AS_OF);
        assertThat(spendRows()).isEqualTo(40);
        // keep only c30..c39: 8 of them bought more than once
        db.transactions().inTransaction(em -> em.createNativeQuery("delete from customer_order where customer_id"
                + " not in ('c30', 'c31', 'c32', 'c33', 'c34', 'c35', 'c36', 'c37', 'c38', 'c39')").executeUpdate());

        LifetimeService.Result result = service.predictAll(AS_OF, AS_OF);

        assertThat(result.spendFit()).isNull();
        assertThat(result.predictions()).hasSize(10).allSatisfy(p -> assertThat(p.expectedSpend()).isNull());
        assertThat(spendRows()).isZero();
    }

    private long spendRows() {
        return db.transactions().inTransaction(em -> ((Number) em.createNativeQuery("select count(*) from"
                + " customer_attribute where name = 'expected_spend_90d'").getSingleResult()).longValue());
    }

    @Test
    void withoutOrdersItSaysWhatIsMissing() {
        db.transactions().inTransaction(em -> em.createNativeQuery("delete from customer_order").executeUpdate());

        assertThatThrownBy(() -> new LifetimeService(db.transactions()).predictAll(null, AS_OF))
                .hasMessageContaining("no orders are stored");
    }

    private double stored(String customer, String name) {
        return db.transactions().inTransaction(em -> CustomerAttributes.read(em, customer, name)).orElseThrow()
                .number().doubleValue();
    }

    private void order(String customer, Instant at, BigDecimal total) {
        orders.add(new PurchaseHistory.Order(customer, at));
        valued.add(new GammaGamma.ValuedOrder(customer, at, total.doubleValue()));
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into customer_order (id, customer_id,"
                        + " event_id, currency, total, ordered_at) values (?1, ?2, ?1, 'GBP', ?3, ?4)")
                .setParameter(1, "o-" + customer + "-" + at.getEpochSecond()).setParameter(2, customer)
                .setParameter(3, total).setParameter(4, at.atOffset(ZoneOffset.UTC)).executeUpdate());
    }
}
