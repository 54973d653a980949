package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.GlobalControlGroup;
import dev.herald.engine.experiment.stats.Interval;
import dev.herald.engine.experiment.stats.Proportions;
import dev.herald.engine.experiment.stats.SampleSummary;
import dev.herald.engine.experiment.stats.WelchTest;
import dev.herald.engine.persistence.Transactions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What Herald's marketing email as a whole does (ADR 0066): the customers with an address are split by the global
 * control group, and over a period the share who bought and the revenue per customer are compared between those
 * who could get marketing email (treated) and those who could not (control), with 95 % intervals: the pooled
 * two-proportion test for buying (as the A/B report) and Welch's test for revenue, which is skewed but averaged
 * over many customers.
 *
 * @param conversion treated against control: who bought at least once in the period
 * @param revenue    treated minus control: revenue per customer in the period, order totals as recorded
 */
public record GlobalControlReport(GlobalControlGroup group, Instant since, Instant until, Arm control, Arm treated,
                                  Proportions.Comparison conversion, WelchTest.Result revenue, String verdict) {

    /** Below this many customers in the control group no verdict is given. */
    public static final int MIN_CONTROL = 100;
    static final double CONFIDENCE = 0.95;

    /** One side: customers, how many bought, that share with its Wilson interval, and revenue per customer. */
    public record Arm(long customers, long buyers, Interval buyerRateCi, double revenuePerCustomer) {

        public double buyerRate() {
            return customers == 0 ? 0 : (double) buyers / customers;
        }
    }

    /** The report over the customers with an address known before {@code until}, orders in [since, until). */
    public static GlobalControlReport build(Transactions transactions, GlobalControlGroup group, Instant since,
                                            Instant until) {
        if (group.share() <= 0) {
            throw new IllegalArgumentException("there is no global control group: set globalControl in"
                    + " herald-rules.yaml (e.g. globalControl: 5%) and let it run before reading its report");
        }
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("the period is empty: " + since + " is not before " + until);
        }
        List<Object[]> rows = transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> found = em.createNativeQuery("select c.id, count(o.id), coalesce(sum(o.total), 0)"
                            + " from customer c left join customer_order o on o.customer_id = c.id"
                            + " and o.ordered_at >= ?1 and o.ordered_at < ?2"
                            + " where c.email is not null and c.email <> '' and c.created_at < ?2 group by c.id")
                    .setParameter(1, since.atOffset(java.time.ZoneOffset.UTC))
                    .setParameter(2, until.atOffset(java.time.ZoneOffset.UTC)).getResultList();
            return found;
        });
        List<Double> controlRevenue = new ArrayList<>();
        List<Double> treatedRevenue = new ArrayList<>();
        long controlBuyers = 0;
        long treatedBuyers = 0;
        for (Object[] row : rows) {
            boolean bought = ((Number) row[1]).longValue() > 0;
            double revenue = new BigDecimal(row[2].toString()).doubleValue();
            if (group.contains((String) row[0])) {
                controlRevenue.add(revenue);
                controlBuyers += bought ? 1 : 0;
            } else {
                treatedRevenue.add(revenue);
                treatedBuyers += bought ? 1 : 0;
            }
        }
        return of(group, since, until, controlBuyers, controlRevenue, treatedBuyers, treatedRevenue);
    }

    /** The report from per-customer revenue (one value each, 0 for those who bought nothing) and buyer counts. */
    static GlobalControlReport of(GlobalControlGroup group, Instant since, Instant until, long controlBuyers,
                                  List<Double> controlRevenue, long treatedBuyers, List<Double> treatedRevenue) {
        SampleSummary controlSummary = SampleSummary.of(controlRevenue.stream().mapToDouble(Double::doubleValue).toArray());
        SampleSummary treatedSummary = SampleSummary.of(treatedRevenue.stream().mapToDouble(Double::doubleValue).toArray());
        Arm control = new Arm(controlSummary.n(), controlBuyers,
                Proportions.wilson(controlBuyers, controlSummary.n(), CONFIDENCE), controlSummary.mean());
        Arm treated = new Arm(treatedSummary.n(), treatedBuyers,
                Proportions.wilson(treatedBuyers, treatedSummary.n(), CONFIDENCE), treatedSummary.mean());
        Proportions.Comparison conversion = Proportions.compare(controlBuyers, control.customers(), treatedBuyers,
                treated.customers(), CONFIDENCE);
        WelchTest.Result revenue = controlSummary.n() < 2 || treatedSummary.n() < 2 ? null
                : WelchTest.compare(controlSummary, treatedSummary, CONFIDENCE);
        return new GlobalControlReport(group, since, until, control, treated, conversion, revenue,
                verdict(group, control, treated, conversion));
    }

    private static String verdict(GlobalControlGroup group, Arm control, Arm treated, Proportions.Comparison c) {
        if (control.customers() < MIN_CONTROL) {
            return String.format(Locale.ROOT, "Too early to tell: the control group holds %d customers (%s of %d);"
                    + " a verdict needs at least %d. Wait for more customers, or raise globalControl.",
                    control.customers(), group.percent(), control.customers() + treated.customers(), MIN_CONTROL);
        }
        String rates = String.format(Locale.ROOT, "%.1f%% of the customers who could get marketing email bought,"
                + " against %.1f%% of the control group", 100 * treated.buyerRate(), 100 * control.buyerRate());
        if (c.absDiff() == null || c.pValue() == null) {
            return "No difference can be computed yet: " + rates + ".";
        }
        String diff = String.format(Locale.ROOT, "%+.1f points, 95%% interval %+.1f to %+.1f, p = %.3f",
                100 * c.absDiff(), 100 * c.absCi().low(), 100 * c.absCi().high(), c.pValue());
        if (c.pValue() < 1 - CONFIDENCE) {
            return (c.absDiff() > 0 ? "Marketing email raises buying: " : "Marketing email lowers buying: ") + rates
                    + " (" + diff + ").";
        }
        return "No difference shown: " + rates + " (" + diff + "). The interval still includes no effect.";
    }
}
