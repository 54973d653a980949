package dev.herald.engine.lifetime;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Gamma;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Gamma-Gamma model of spend per purchase (Fader and Hardie, "The Gamma-Gamma model of monetary value", 2013):
 * a purchase's value is Gamma(p, ν) around the customer's own mean, and ν varies between customers as Gamma(q, γ).
 * Fitted on the customers with repeat purchases, it shrinks each customer's average towards everyone's, more so the
 * fewer purchases it rests on: what a purchase of theirs is worth next time ({@link #expectedValue}). Times the
 * BG/NBD's expected purchases, that is the spend to expect.
 */
public final class GammaGamma {

    /** Shape of a purchase's value (p) and the heterogeneity of customers' means (q, γ). */
    public record Params(double p, double q, double gamma) {

        public Params {
            if (!(p > 0 && q > 0 && gamma > 0)) {
                throw new IllegalArgumentException("Gamma-Gamma parameters must be positive: p=" + p + " q=" + q
                        + " gamma=" + gamma);
            }
        }

        /** Everyone's mean value of a purchase, {@code pγ / (q − 1)}; infinite when q ≤ 1. */
        public double populationMean() {
            return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
        }
    }

    /** A fitted model, the log-likelihood it reaches and on how many customers. */
    public record Fit(Params params, double logLikelihood, int customers) {
    }

    /** A customer's repeat purchases: how many ({@code x} ≥ 1) and their mean value. */
    public record Spend(String customerId, int x, double meanValue) {

        public Spend {
            if (x < 1 || !(meanValue > 0)) {
                throw new IllegalArgumentException("need x >= 1 repeat purchases of positive mean value; got x=" + x
                        + " mean=" + meanValue + " for " + customerId);
            }
        }
    }

    /** An order's value, for {@link #spendOf}. */
    public record ValuedOrder(String customerId, Instant at, double value) {

        /** The order without its value, as {@link PurchaseHistory} counts purchases. */
        public PurchaseHistory.Order order() {
            return new PurchaseHistory.Order(customerId, at);
        }
    }

    private GammaGamma() {
    }

    /**
     * The repeat purchases of every customer with some before {@code end}: purchase days as {@link PurchaseHistory}
     * counts them (a day's orders are one purchase, its value their sum), the first day left out. Sorted by customer.
     */
    public static List<Spend> spendOf(Iterable<ValuedOrder> orders, Instant end) {
        Map<String, TreeMap<LocalDate, Double>> days = new TreeMap<>();
        for (ValuedOrder o : orders) {
            if (o.at().isBefore(end)) {
                days.computeIfAbsent(o.customerId(), k -> new TreeMap<>())
                        .merge(LocalDate.ofInstant(o.at(), ZoneOffset.UTC), o.value(), Double::sum);
            }
        }
        List<Spend> spend = new ArrayList<>();
        days.forEach((customer, values) -> {
            if (values.size() > 1) {
                double total = values.values().stream().mapToDouble(Double::doubleValue).sum()
                        - values.firstEntry().getValue();
                double mean = total / (values.size() - 1);
                if (mean > 0) {
                    spend.add(new Spend(customer, values.size() - 1, mean));
                }
            }
        });
        return spend;
    }

    /**
     * Maximum-likelihood fit (Nelder–Mead over the logarithms, from several starts).
     *
     * @throws IllegalArgumentException with fewer than 10 customers
     */
    public static Fit fit(List<Spend> spend) {
        if (spend.size() < 10) {
            throw new IllegalArgumentException("the spend model needs at least 10 customers with repeat purchases; got "
                    + spend.size());
        }
        double mean = spend.stream().mapToDouble(Spend::meanValue).average().orElse(1);
        ObjectiveFunction objective = new ObjectiveFunction(logParams -> {
            for (double v : logParams) {
                if (!(Math.abs(v) < 30)) {
                    return Double.MAX_VALUE;
                }
            }
            Params p = new Params(Math.exp(logParams[0]), Math.exp(logParams[1]), Math.exp(logParams[2]));
            double sum = 0;
            for (Spend s : spend) {
                sum += logLikelihood(p, s);
            }
            return Double.isFinite(sum) ? -sum / spend.size() : Double.MAX_VALUE;
        });
        PointValuePair best = null;
        for (double[] start : new double[][]{{0, 0, Math.log(mean)}, {Math.log(5), Math.log(3), Math.log(mean * 2)},
                {Math.log(0.5), Math.log(10), Math.log(mean * 10)}}) {
            PointValuePair found = new SimplexOptimizer(1e-13, 1e-13).optimize(new MaxEval(40_000), objective,
                    GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(3, 0.5));
            found = new SimplexOptimizer(1e-13, 1e-13).optimize(new MaxEval(40_000), objective, GoalType.MINIMIZE,
                    new InitialGuess(found.getPoint()), new NelderMeadSimplex(3, 0.1));
            if (best == null || found.getValue() < best.getValue()) {
                best = found;
            }
        }
        double[] x = best.getPoint();
        return new Fit(new Params(Math.exp(x[0]), Math.exp(x[1]), Math.exp(x[2])), -best.getValue() * spend.size(),
                spend.size());
    }

    /** The log-likelihood of one customer's mean value (FH 2013, eq. 4). */
    public static double logLikelihood(Params p, Spend s) {
        double px = p.p() * s.x();
        return Gamma.logGamma(px + p.q()) - Gamma.logGamma(px) - Gamma.logGamma(p.q()) + p.q() * Math.log(p.gamma())
                + (px - 1) * Math.log(s.meanValue()) + px * Math.log(s.x())
                - (px + p.q()) * Math.log(p.gamma() + s.meanValue() * s.x());
    }

    /**
     * What the customer's next purchase is expected to be worth (FH 2013, eq. 5), {@code p(γ + x m̄) / (px + q − 1)};
     * without repeat purchases, everyone's mean.
     */
    public static double expectedValue(Params p, int x, double meanValue) {
        if (x < 1) {
            return p.populationMean();
        }
        return p.p() * (p.gamma() + x * meanValue) / (p.p() * x + p.q() - 1);
    }
}
