package dev.herald.engine.lifetime;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Gamma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BG/NBD model of repeat buying (Fader, Hardie and Lee, "Counting your customers the easy way", Marketing
 * Science 24(2), 2005): while alive, a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they
 * drop out with probability p ~ Beta(a, b). Fitted by maximum likelihood on the customers' histories, it tells for
 * each customer the chance they are still a customer ({@link #pAlive}) and how many purchases to expect in the coming
 * days ({@link #expectedPurchases}).
 *
 * <p>Why this model: it needs only each customer's purchase count and dates, which every shop has; it is the
 * standard, well-understood one (the reference of the "lifetimes" and "PyMC-Marketing" libraries), and it beats
 * "the same rate as before" on a holdout (docs/benchmarks.md). Times are in days.
 */
public final class BgNbd {

    /** The four parameters: purchase rate heterogeneity (r, α) and drop-out heterogeneity (a, b). */
    public record Params(double r, double alpha, double a, double b) {

        public Params {
            if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
                throw new IllegalArgumentException("BG/NBD parameters must be positive: r=" + r + " alpha=" + alpha
                        + " a=" + a + " b=" + b);
            }
        }
    }

    /** A fitted model: its parameters, the log-likelihood they reach, on how many customers. */
    public record Fit(Params params, double logLikelihood, int customers) {
    }

    private static final int MAX_EVALUATIONS = 40_000;

    private BgNbd() {
    }

    /**
     * Maximum-likelihood fit (Nelder–Mead over the logarithms of the parameters, from several starting points).
     *
     * @throws IllegalArgumentException with fewer than 10 customers or no repeat purchase at all: nothing to learn from
     */
    public static Fit fit(List<PurchaseHistory> histories) {
        if (histories.size() < 10 || histories.stream().noneMatch(h -> h.x() > 0)) {
            throw new IllegalArgumentException("the model needs at least 10 customers and some repeat purchases; got "
                    + histories.size() + " customers, " + histories.stream().filter(h -> h.x() > 0).count()
                    + " with a repeat purchase");
        }
        // customers with the same (x, tx, T) share one likelihood term
        Map<PurchaseHistory, Integer> groups = new LinkedHashMap<>();
        for (PurchaseHistory h : histories) {
            groups.merge(new PurchaseHistory("", h.x(), h.tx(), h.t()), 1, Integer::sum);
        }
        List<PurchaseHistory> distinct = new ArrayList<>(groups.keySet());
        int[] weights = groups.values().stream().mapToInt(Integer::intValue).toArray();
        double meanT = histories.stream().mapToDouble(PurchaseHistory::t).average().orElse(1);
        ObjectiveFunction objective = new ObjectiveFunction(logParams -> {
            Params p = fromLog(logParams);
            if (p == null) {
                return Double.MAX_VALUE;
            }
            double sum = 0;
            for (int i = 0; i < distinct.size(); i++) {
                sum += weights[i] * logLikelihood(p, distinct.get(i));
            }
            return Double.isFinite(sum) ? -sum / histories.size() : Double.MAX_VALUE;
        });
        PointValuePair best = null;
        for (double[] start : new double[][]{{0, Math.log(meanT / 10), 0, 0}, {Math.log(0.5), Math.log(meanT), 0,
                Math.log(3)}, {Math.log(2), Math.log(meanT / 2), Math.log(0.5), Math.log(5)}}) {
            PointValuePair found = new SimplexOptimizer(1e-12, 1e-12).optimize(new MaxEval(MAX_EVALUATIONS), objective,
                    GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(4, 0.5));
            // restart once from where it stopped: Nelder–Mead can stall on a ridge
            found = new SimplexOptimizer(1e-12, 1e-12).optimize(new MaxEval(MAX_EVALUATIONS), objective,
                    GoalType.MINIMIZE, new InitialGuess(found.getPoint()), new NelderMeadSimplex(4, 0.1));
            if (best == null || found.getValue() < best.getValue()) {
                best = found;
            }
        }
        return new Fit(fromLog(best.getPoint()), -best.getValue() * histories.size(), histories.size());
    }

    /** The log-likelihood of one customer's history (FHL 2005, eq. 6). */
    public static double logLikelihood(Params p, PurchaseHistory h) {
        int x = h.x();
        double common = Gamma.logGamma(p.r() + x) - Gamma.logGamma(p.r()) + p.r() * Math.log(p.alpha())
                + Gamma.logGamma(p.a() + p.b()) + Gamma.logGamma(p.b() + x) - Gamma.logGamma(p.b())
                - Gamma.logGamma(p.a() + p.b() + x);
        double stayed = -(p.r() + x) * Math.log(p.alpha() + h.t());
        if (x == 0) {
            return common + stayed;
        }
        double left = Math.log(p.a()) - Math.log(p.b() + x - 1) - (p.r() + x) * Math.log(p.alpha() + h.tx());
        return common + logSumExp(stayed, left);
    }

    /** The chance the customer is still a customer at the end of their history (FHL 2005, eq. 13). */
    public static double pAlive(Params p, PurchaseHistory h) {
        if (h.x() == 0) {
            return 1.0;
        }
        double logOdds = Math.log(p.a()) - Math.log(p.b() + h.x() - 1)
                + (p.r() + h.x()) * (Math.log(p.alpha() + h.t()) - Math.log(p.alpha() + h.tx()));
        return 1 / (1 + Math.exp(logOdds));
    }

    /**
     * The chance of at least one purchase in the {@code days} after the end of the history: alive, and a purchase
     * at the customer's Gamma-updated rate, {@code P(alive) · (1 − ((α+T)/(α+T+t))^(r+x))} (a customer drops out
     * only right after a purchase, so a quiet period says nothing more). Meaningful even when the fit finds no
     * drop-out at all, where P(alive) is 1 for everyone.
     */
    public static double purchaseProbability(Params p, PurchaseHistory h, double days) {
        if (days <= 0) {
            return 0;
        }
        double logQuiet = (p.r() + h.x()) * (Math.log(p.alpha() + h.t()) - Math.log(p.alpha() + h.t() + days));
        return pAlive(p, h) * -Math.expm1(logQuiet);
    }

    /** The purchases to expect in the {@code days} after the end of the history (FHL 2005, eq. 10). */
    public static double expectedPurchases(Params p, PurchaseHistory h, double days) {
        if (days <= 0) {
            return 0;
        }
        int x = h.x();
        double z = days / (p.alpha() + h.t() + days);
        double c = p.a() + p.b() + x - 1;
        double logPower = (p.r() + x) * (Math.log(p.alpha() + h.t()) - Math.log(p.alpha() + h.t() + days));
        // 1 - ((α+T)/(α+T+t))^(r+x) · 2F1(...), signed: negative when a < 1, as is (a - 1)
        double bracket = c > 0 ? -Math.expm1(logPower + Hypergeometric.log2F1(p.r() + x, p.b() + x, c, z))
                : 1 - Math.exp(logPower) * Hypergeometric.withNegativeC(p.r() + x, p.b() + x, c, z);
        double numerator = (p.a() + p.b() + x - 1) / (p.a() - 1) * bracket;
        return numerator * pAlive(p, h);
    }

    private static Params fromLog(double[] logParams) {
        for (double v : logParams) {
            if (!(Math.abs(v) < 30)) {
                return null;
            }
        }
        return new Params(Math.exp(logParams[0]), Math.exp(logParams[1]), Math.exp(logParams[2]),
                Math.exp(logParams[3]));
    }

    private static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
    }
}
