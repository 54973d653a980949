package dev.herald.engine.experiment.store;

/**
 * Whether an experiment picks its winner by itself: when {@code enabled}, the scheduled evaluation
 * ({@link ExperimentService#evaluateAutoWinners()}) runs the auto-winner rule with this metric and minimum
 * sample per arm, and the customers exposed after a decision get the winner.
 */
public record AutoWinnerSetting(boolean enabled, Outcome.Kind metric, long minUsersPerArm) {

    public static final AutoWinnerSetting OFF = new AutoWinnerSetting(false, Outcome.Kind.CONVERSION, 1000);

    public AutoWinnerSetting {
        if (metric == null) {
            throw new IllegalArgumentException("the auto-winner needs a metric (conversion, click or open)");
        }
        if (minUsersPerArm < 1) {
            throw new IllegalArgumentException("minimum users per arm must be at least 1, was " + minUsersPerArm);
        }
    }
}
