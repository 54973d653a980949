package dev.herald.engine.lifetime;

import dev.herald.engine.consent.Rows;
import dev.herald.engine.identity.CustomerAttributes;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.segment.SegmentChange;
import dev.herald.engine.segment.SegmentMemberships;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits the BG/NBD model to the stored orders and stores, for every customer with an order, the chance they are still
 * a customer ({@value #ALIVE_PROBABILITY}, 0 to 1), the chance they buy in the next {@value #HORIZON_DAYS} days
 * ({@value #PURCHASE_PROBABILITY}), the orders they are expected to place in them ({@value #EXPECTED_ORDERS}) and,
 * with the Gamma-Gamma spend model, what those orders are expected to be worth ({@value #EXPECTED_SPEND}, in the
 * orders' currency) as customer attributes with source {@value #SOURCE}: campaign rules test them
 * ({@code purchase_probability_90d < 0.2}), the console shows them, exports include them. Each customer is also placed
 * in a segment of scheme {@value #SCHEME} ({@link LifetimeSegment}); a move between them is a segment-changed event.
 */
public final class LifetimeService {

    public static final String ALIVE_PROBABILITY = "alive_probability";
    public static final String EXPECTED_ORDERS = "expected_orders_90d";
    public static final String PURCHASE_PROBABILITY = "purchase_probability_90d";
    public static final String EXPECTED_SPEND = "expected_spend_90d";
    public static final String SOURCE = "lifetime";
    /** The segment scheme of {@link LifetimeSegment}. */
    public static final String SCHEME = "lifetime";
    public static final int HORIZON_DAYS = 90;

    private static final Logger LOG = LoggerFactory.getLogger(LifetimeService.class);

    private final Transactions transactions;

    public LifetimeService(Transactions transactions) {
        this.transactions = transactions;
    }

    /** One customer's prediction. */
    public record Prediction(PurchaseHistory history, double aliveProbability, double purchaseProbability,
                             double expectedOrders, Double expectedSpend) {
    }

    /**
     * What a run did: as of when, the models (the spend model null when too few customers bought twice), every
     * customer's prediction and the seconds it took.
     */
    public record Result(Instant asOf, BgNbd.Fit fit, GammaGamma.Fit spendFit, List<Prediction> predictions,
                         List<SegmentChange> changes, double seconds) {
    }

    /**
     * Predicts and stores for every customer with an order before {@code asOf}.
     *
     * @param asOf the end of the observation, or null for the start of the day after the latest order
     * @throws IllegalArgumentException when the orders are too few to fit the model
     */
    public Result predictAll(Instant asOf, Instant now) {
        long start = System.nanoTime();
        List<GammaGamma.ValuedOrder> valued = transactions.inTransaction(em -> {
            List<GammaGamma.ValuedOrder> all = new ArrayList<>();
            for (Object row : em.createNativeQuery("select customer_id, ordered_at, total from customer_order")
                    .getResultList()) {
                Object[] r = (Object[]) row;
                all.add(new GammaGamma.ValuedOrder((String) r[0], Rows.instant(r[1]), ((Number) r[2]).doubleValue()));
            }
            return all;
        });
        List<PurchaseHistory.Order> orders = valued.stream().map(GammaGamma.ValuedOrder::order).toList();
        Instant end = asOf != null ? asOf : orders.stream().map(PurchaseHistory.Order::at).max(Instant::compareTo)
                .map(last -> LocalDate.ofInstant(last, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                        .toInstant())
                .orElseThrow(() -> new IllegalArgumentException("no orders are stored: import or receive some first"));
        List<PurchaseHistory> histories = PurchaseHistory.of(orders, end);
        BgNbd.Fit fit = BgNbd.fit(histories);
        List<GammaGamma.Spend> spend = GammaGamma.spendOf(valued, end);
        GammaGamma.Fit spendFit = spendFit(spend);
        Map<String, GammaGamma.Spend> spendOf = new HashMap<>();
        spend.forEach(s -> spendOf.put(s.customerId(), s));
        List<Prediction> predictions = new ArrayList<>(histories.size());
        for (PurchaseHistory h : histories) {
            double expectedOrders = BgNbd.expectedPurchases(fit.params(), h, HORIZON_DAYS);
            GammaGamma.Spend own = spendOf.get(h.customerId());
            Double expectedSpend = spendFit == null ? null : expectedOrders * GammaGamma.expectedValue(
                    spendFit.params(), own == null ? 0 : own.x(), own == null ? 0 : own.meanValue());
            predictions.add(new Prediction(h, BgNbd.pAlive(fit.params(), h),
                    BgNbd.purchaseProbability(fit.params(), h, HORIZON_DAYS), expectedOrders, expectedSpend));
        }
        if (spendFit == null) {
            // no spend figure rather than last run's: a stale one would read as current
            transactions.inTransaction(em -> em.createNativeQuery("delete from customer_attribute where name = ?1"
                    + " and source = ?2").setParameter(1, EXPECTED_SPEND).setParameter(2, SOURCE).executeUpdate());
        }
        int chunk = 500;
        for (int from = 0; from < predictions.size(); from += chunk) {
            List<Prediction> part = predictions.subList(from, Math.min(predictions.size(), from + chunk));
            transactions.inTransaction(em -> {
                for (Prediction p : part) {
                    CustomerAttributes.put(em, p.history().customerId(), ALIVE_PROBABILITY, null,
                            decimal(p.aliveProbability()), SOURCE, now);
                    CustomerAttributes.put(em, p.history().customerId(), PURCHASE_PROBABILITY, null,
                            decimal(p.purchaseProbability()), SOURCE, now);
                    CustomerAttributes.put(em, p.history().customerId(), EXPECTED_ORDERS, null,
                            decimal(p.expectedOrders()), SOURCE, now);
                    if (p.expectedSpend() != null) {
                        CustomerAttributes.put(em, p.history().customerId(), EXPECTED_SPEND, null,
                                decimal(p.expectedSpend()), SOURCE, now);
                    }
                }
                return null;
            });
        }
        Map<String, String> segments = new LinkedHashMap<>();
        predictions.forEach(p -> segments.put(p.history().customerId(),
                LifetimeSegment.of(p.purchaseProbability()).label()));
        List<SegmentChange> changes = transactions.inTransaction(em ->
                SegmentMemberships.apply(em, SCHEME, segments, now));
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("lifetime predictions for {} customers as of {} ({} segment changes; r={}, alpha={}, a={}, b={}) in"
                + " {} s", predictions.size(), end, changes.size(), fit.params().r(), fit.params().alpha(),
                fit.params().a(), fit.params().b(), String.format(Locale.ROOT, "%.2f", seconds));
        return new Result(end, fit, spendFit, predictions, changes, seconds);
    }

    /**
     * The spend model of the customers who bought more than once, or null (logged) when they are too few or their
     * values too spread for a finite mean (q ≤ 1): then no spend is predicted rather than a wrong one.
     */
    static GammaGamma.Fit spendFit(List<GammaGamma.Spend> spend) {
        try {
            GammaGamma.Fit fit = GammaGamma.fit(spend);
            if (fit.params().q() > 1) {
                return fit;
            }
            LOG.warn("spend model not used: q = {} <= 1, purchase values too spread for a finite mean",
                    fit.params().q());
        } catch (IllegalArgumentException e) {
            LOG.warn("spend model not used: {}", e.getMessage());
        }
        return null;
    }

    private static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP);
    }
}
