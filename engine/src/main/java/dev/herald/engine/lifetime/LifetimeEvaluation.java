package dev.herald.engine.lifetime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well the BG/NBD model predicts, on a calibration/holdout split of an order history: fitted on the orders before
 * {@code cutoff}, it predicts each calibration customer's purchase days in the {@code horizon} days that follow, which
 * are then counted. The baseline is "the same rate as before": {@code x / T} purchases a day (and, for the chance of
 * buying at all, a Poisson process at that rate). The chance of a purchase is checked for calibration: among
 * customers given 0–20 %, 20–40 % ... the share who did buy. Spend: the expected purchases times the Gamma-Gamma
 * value of the customer's next purchase, against the baseline's purchases times the customer's mean purchase.
 */
public final class LifetimeEvaluation {

    /** Prediction errors of one method over the calibration customers. */
    public record Errors(double predictedTotal, double meanAbsoluteError, double rootMeanSquaredError,
                         double correlation) {
    }

    /**
     * Customers given a chance of buying in [{@code from}, {@code to}): how many, the mean chance given, and the share
     * who did buy in the holdout (close to the mean chance when the model is calibrated).
     */
    public record Band(double from, double to, int customers, double meanPredicted, double shareWhoBought) {
    }

    /**
     * @param actualTotal     purchase days of the calibration customers in the holdout
     * @param brierModel      mean squared error of the model's chance of buying against whether they bought
     * @param brierBaseline   the same for the baseline's chance
     * @param likelyGone      customers with P(alive) below 0.3
     * @param actualSpend     what the calibration customers spent in the holdout
     * @param spendModel      the spend predictions' errors, null when the spend model could not be used
     */
    public record Result(LocalDate cutoff, int horizonDays, int customers, long actualTotal, BgNbd.Fit fit,
                         Errors model, Errors baseline, double brierModel, double brierBaseline, List<Band> bands,
                         int likelyGone, double actualSpend, GammaGamma.Fit spendFit, Errors spendModel,
                         Errors spendBaseline, double fitSeconds) {
    }

    private LifetimeEvaluation() {
    }

    /**
     * @throws IllegalArgumentException when the holdout reaches past the last order, or the model cannot be fitted
     */
    public static Result evaluate(List<GammaGamma.ValuedOrder> valued, LocalDate cutoff, int horizonDays) {
        List<PurchaseHistory.Order> orders = valued.stream().map(GammaGamma.ValuedOrder::order).toList();
        if (horizonDays < 1) {
            throw new IllegalArgumentException("the horizon must be at least 1 day, was " + horizonDays);
        }
        Instant start = cutoff.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = cutoff.plusDays(horizonDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant lastOrder = orders.stream().map(PurchaseHistory.Order::at).max(Instant::compareTo)
                .orElseThrow(() -> new IllegalArgumentException("no orders"));
        if (!lastOrder.isAfter(end.minusSeconds(86_400))) {
            throw new IllegalArgumentException("the holdout " + cutoff + " + " + horizonDays + " days ends after the last"
                    + " order (" + LocalDate.ofInstant(lastOrder, ZoneOffset.UTC) + "): choose an earlier cutoff or a"
                    + " shorter horizon");
        }
        List<PurchaseHistory> calibration = PurchaseHistory.of(orders, start);
        Map<String, Set<LocalDate>> holdoutDays = new HashMap<>();
        Map<String, Double> holdoutSpend = new HashMap<>();
        Map<String, Double> calibrationSpend = new HashMap<>();
        for (GammaGamma.ValuedOrder o : valued) {
            if (!o.at().isBefore(start) && o.at().isBefore(end)) {
                holdoutDays.computeIfAbsent(o.customerId(), k -> new HashSet<>())
                        .add(LocalDate.ofInstant(o.at(), ZoneOffset.UTC));
                holdoutSpend.merge(o.customerId(), o.value(), Double::sum);
            } else if (o.at().isBefore(start)) {
                calibrationSpend.merge(o.customerId(), o.value(), Double::sum);
            }
        }
        List<GammaGamma.Spend> calibrationRepeats = GammaGamma.spendOf(valued, start);
        GammaGamma.Fit spendFit = LifetimeService.spendFit(calibrationRepeats);
        Map<String, GammaGamma.Spend> repeatSpend = new HashMap<>();
        calibrationRepeats.forEach(s -> repeatSpend.put(s.customerId(), s));
        long began = System.nanoTime();
        BgNbd.Fit fit = BgNbd.fit(calibration);
        double fitSeconds = (System.nanoTime() - began) / 1e9;
        int n = calibration.size();
        double[] actual = new double[n];
        double[] model = new double[n];
        double[] baseline = new double[n];
        double[] chance = new double[n];
        double[] spentActual = new double[n];
        double[] spentModel = new double[n];
        double[] spentBaseline = new double[n];
        double actualSpend = 0;
        double brierModel = 0;
        double brierBaseline = 0;
        int likelyGone = 0;
        long actualTotal = 0;
        for (int i = 0; i < n; i++) {
            PurchaseHistory h = calibration.get(i);
            actual[i] = holdoutDays.getOrDefault(h.customerId(), Set.of()).size();
            actualTotal += (long) actual[i];
            model[i] = BgNbd.expectedPurchases(fit.params(), h, horizonDays);
            baseline[i] = h.t() > 0 ? h.x() / h.t() * horizonDays : 0;
            chance[i] = BgNbd.purchaseProbability(fit.params(), h, horizonDays);
            double bought = actual[i] > 0 ? 1 : 0;
            brierModel += (chance[i] - bought) * (chance[i] - bought) / n;
            double baselineChance = -Math.expm1(-baseline[i]);
            brierBaseline += (baselineChance - bought) * (baselineChance - bought) / n;
            likelyGone += BgNbd.pAlive(fit.params(), h) < 0.3 ? 1 : 0;
            spentActual[i] = holdoutSpend.getOrDefault(h.customerId(), 0.0);
            actualSpend += spentActual[i];
            spentBaseline[i] = baseline[i] * calibrationSpend.getOrDefault(h.customerId(), 0.0) / (h.x() + 1);
            if (spendFit != null) {
                GammaGamma.Spend own = repeatSpend.get(h.customerId());
                spentModel[i] = model[i] * GammaGamma.expectedValue(spendFit.params(), own == null ? 0 : own.x(),
                        own == null ? 0 : own.meanValue());
            }
        }
        List<Band> bands = new ArrayList<>();
        for (int band = 0; band < 5; band++) {
            double from = band / 5.0;
            double to = band == 4 ? 1.0000001 : (band + 1) / 5.0;
            int count = 0;
            int bought = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if (chance[i] >= from && chance[i] < to) {
                    count++;
                    sum += chance[i];
                    bought += actual[i] > 0 ? 1 : 0;
                }
            }
            bands.add(new Band(from, Math.min(1, to), count, count == 0 ? Double.NaN : sum / count,
                    count == 0 ? Double.NaN : (double) bought / count));
        }
        return new Result(cutoff, horizonDays, n, actualTotal, fit, errors(model, actual), errors(baseline, actual),
                brierModel, brierBaseline, bands, likelyGone, actualSpend, spendFit,
                spendFit == null ? null : errors(spentModel, spentActual), errors(spentBaseline, spentActual),
                fitSeconds);
    }

    static Errors errors(double[] predicted, double[] actual) {
        int n = predicted.length;
        double total = 0;
        double absolute = 0;
        double squared = 0;
        double meanP = 0;
        double meanA = 0;
        for (int i = 0; i < n; i++) {
            total += predicted[i];
            absolute += Math.abs(predicted[i] - actual[i]);
            squared += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
            meanP += predicted[i] / n;
            meanA += actual[i] / n;
        }
        double covariance = 0;
        double varP = 0;
        double varA = 0;
        for (int i = 0; i < n; i++) {
            covariance += (predicted[i] - meanP) * (actual[i] - meanA);
            varP += (predicted[i] - meanP) * (predicted[i] - meanP);
            varA += (actual[i] - meanA) * (actual[i] - meanA);
        }
        return new Errors(total, absolute / n, Math.sqrt(squared / n), covariance / Math.sqrt(varP * varA));
    }
}
