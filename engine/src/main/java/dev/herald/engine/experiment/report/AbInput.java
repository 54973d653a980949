package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.stats.SampleSummary;

import java.time.LocalDate;
import java.util.List;

/**
 * What an A/B report is computed from: per variant the users exposed and those who converted (opened,
 * clicked or bought, depending on {@code metric}), optionally revenue per recipient and a daily breakdown.
 *
 * @param control                 name of the control variant
 * @param alpha                   significance level; intervals are at 1 - alpha
 * @param metric                  what counts as a conversion, for the report's wording ("conversion", "click", ...)
 * @param minimumDetectableEffect relative lift the test is planned to detect (0.10 = +10 %)
 * @param power                   power the test is planned for
 * @param plannedUsersPerArm      users per arm the team planned; {@code null} = computed from the effect and power
 */
public record AbInput(String control, double alpha, String metric, double minimumDetectableEffect, double power,
        Long plannedUsersPerArm, List<Variant> variants) {

    public static final double DEFAULT_ALPHA = 0.05;
    public static final String DEFAULT_METRIC = "conversion";
    public static final double DEFAULT_MINIMUM_DETECTABLE_EFFECT = 0.10;
    public static final double DEFAULT_POWER = 0.8;

    public AbInput {
        variants = List.copyOf(variants);
    }

    /** The simplest input: the given control and variants, defaults for everything else. */
    public static AbInput of(String control, List<Variant> variants) {
        return new AbInput(control, DEFAULT_ALPHA, DEFAULT_METRIC, DEFAULT_MINIMUM_DETECTABLE_EFFECT, DEFAULT_POWER,
                null, variants);
    }

    /**
     * One arm.
     *
     * @param weight  intended share of the traffic (any positive scale); {@code null} = equal shares
     * @param revenue revenue per recipient (all {@code users}, zeros included); {@code null} = not tracked
     * @param daily   users and conversions per day, for the cumulative chart; empty = not known
     */
    public record Variant(String name, long users, long conversions, Double weight, SampleSummary revenue,
            List<Day> daily) {

        public Variant {
            daily = daily == null ? List.of() : List.copyOf(daily);
        }

        public static Variant of(String name, long users, long conversions) {
            return new Variant(name, users, conversions, null, null, List.of());
        }
    }

    /** Users first exposed and conversions recorded on one day. */
    public record Day(LocalDate date, long users, long conversions) {
    }
}
