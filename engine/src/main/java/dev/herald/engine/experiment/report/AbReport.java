package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.stats.Interval;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * A computed A/B report. Every number that cannot be computed is {@code null}, never NaN, so each writer
 * shows it as {@code null} (JSON), an empty cell (CSV) or "n/a" (HTML).
 */
public record AbReport(String control, double alpha, String metric, Srm srm, List<VariantResult> variants,
        List<Comparison> comparisons, List<RevenueComparison> revenueComparisons, Planning planning,
        List<Warning> warnings, String headline, List<String> sentences, List<Timeline> timelines) {

    /**
     * The variant that beats control by the always-valid sequential test (the highest rate among several), or
     * {@code null}: what an automatic decision that looks again and again may act on.
     */
    public Comparison sequentialWinner() {
        return bestWinner(comparisons, variants, c -> c.significantSequentially(alpha));
    }

    /** The sequential p-value a report shows for {@code c}: Holm-adjusted when several variants are compared. */
    public Double sequentialPShown(Comparison c) {
        return comparisons.size() > 1 ? c.sequentialPHolm() : c.sequentialP();
    }

    /** The significant comparison (by {@code test}) with a positive difference whose variant has the highest rate. */
    static Comparison bestWinner(List<Comparison> comparisons, List<VariantResult> results,
            Predicate<Comparison> test) {
        Comparison winner = null;
        double winnerRate = -1;
        for (Comparison c : comparisons) {
            if (test.test(c) && c.absDiff() != null && c.absDiff() > 0
                    && !c.variant().equals(dev.herald.engine.experiment.ExperimentDesign.HOLDOUT)) {
                double rate = results.stream().filter(r -> r.name().equals(c.variant())).findFirst()
                        .map(VariantResult::rate).orElse(0.0);
                if (rate > winnerRate) {
                    winner = c;
                    winnerRate = rate;
                }
            }
        }
        return winner;
    }

    public record Srm(Double chi2, int df, Double pValue, boolean mismatch, List<Double> expectedUsers) {
    }

    public record VariantResult(String name, long users, long conversions, Double weight, Double rate,
            Interval rateCi, Double chanceToBeBest, Double revenuePerUser) {
    }

    /**
     * One variant against control. The fixed-sample figures ({@code pValue}, {@code absCi}) hold when the report
     * is read once, at the planned sample; the sequential ones ({@code sequentialP}, {@code sequentialAbsCi},
     * {@link dev.herald.engine.experiment.stats.SequentialTest}) hold however often it is read.
     */
    public record Comparison(String variant, String control, Double absDiff, Interval absCi, Double relDiff,
            Interval relCi, Double z, Double pValue, Double pValueHolm, Double chanceToBeatControl,
            Double sequentialP, Double sequentialPHolm, Interval sequentialAbsCi) {

        /** Significant by the fixed-sample test after Holm's correction at the report's alpha. */
        public boolean significant(double alpha) {
            return pValueHolm != null && pValueHolm < alpha;
        }

        /** Significant by the always-valid sequential test after Holm's correction: safe to act on at any look. */
        public boolean significantSequentially(double alpha) {
            return sequentialPHolm != null && sequentialPHolm < alpha;
        }
    }

    /** Revenue per recipient, variant against control: Welch's test, and its sequential counterpart. */
    public record RevenueComparison(String variant, String control, Double meanDiff, Interval ci, Double t,
            Double df, Double pValue, Double sequentialP, Interval sequentialCi) {
    }

    /**
     * The test's plan: users per arm needed to detect {@code minimumDetectableEffect} over control's rate,
     * the smallest lift the current sample can detect, and, from the daily figures, how many more days the smallest
     * arm needs at the last week's pace ({@code null} when reached, unknown, or no one joined lately).
     */
    public record Planning(double minimumDetectableEffect, double power, Long requiredUsersPerArm,
            Long plannedUsersPerArm, long smallestArm, Double detectableLiftNow, Long daysToTarget) {

        /** " At the last 7 days' pace, that is about 12 more days." or "". */
        public String paceSentence() {
            return daysToTarget == null ? "" : " At the last 7 days' pace, that is about " + daysToTarget + " more day"
                    + (daysToTarget == 1 ? "" : "s") + ".";
        }

        /** The sample the test should reach before anyone acts: the team's plan, else the computed need. */
        public Long targetUsersPerArm() {
            return plannedUsersPerArm != null ? plannedUsersPerArm : requiredUsersPerArm;
        }
    }

    public record Warning(String code, String message) {
    }

    /** Cumulative users, conversions and rate of one variant by day, for the "rates over time" chart. */
    public record Timeline(String variant, List<Point> points) {

        public record Point(LocalDate date, long users, long conversions, Double rate) {
        }
    }
}
