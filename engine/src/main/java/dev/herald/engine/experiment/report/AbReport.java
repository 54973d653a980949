package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.stats.Interval;

import java.time.LocalDate;
import java.util.List;

/**
 * A computed A/B report. Every number that cannot be computed is {@code null}, never NaN, so each writer
 * shows it as {@code null} (JSON), an empty cell (CSV) or "n/a" (HTML).
 */
public record AbReport(String control, double alpha, String metric, Srm srm, List<VariantResult> variants,
        List<Comparison> comparisons, List<RevenueComparison> revenueComparisons, Planning planning,
        List<Warning> warnings, String headline, List<String> sentences, List<Timeline> timelines) {

    public record Srm(Double chi2, int df, Double pValue, boolean mismatch, List<Double> expectedUsers) {
    }

    public record VariantResult(String name, long users, long conversions, Double weight, Double rate,
            Interval rateCi, Double chanceToBeBest, Double revenuePerUser) {
    }

    public record Comparison(String variant, String control, Double absDiff, Interval absCi, Double relDiff,
            Interval relCi, Double z, Double pValue, Double pValueHolm, Double chanceToBeatControl) {

        /** Significant after Holm's correction at the report's alpha. */
        public boolean significant(double alpha) {
            return pValueHolm != null && pValueHolm < alpha;
        }
    }

    public record RevenueComparison(String variant, String control, Double meanDiff, Interval ci, Double t,
            Double df, Double pValue) {
    }

    /**
     * The test's plan: users per arm needed to detect {@code minimumDetectableEffect} over control's rate,
     * and the smallest lift the current sample can detect.
     */
    public record Planning(double minimumDetectableEffect, double power, Long requiredUsersPerArm,
            Long plannedUsersPerArm, long smallestArm, Double detectableLiftNow) {

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
