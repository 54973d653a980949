package dev.herald.routes.console.experiments;

import dev.herald.engine.experiment.stats.SampleSizeCalculator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's test planner: the users a test needs, and the field to fix when the input cannot be planned. */
class ExperimentsPlanTest {

    @Test
    void anAbTestNeedsTheSampleSizeOfTheReportsPlanning() {
        ExperimentsModule.Plan plan = ExperimentsModule.plan(5, 10, 80, 2);

        assertThat(plan.usersPerVariant()).isEqualTo(SampleSizeCalculator.usersPerArm(0.05, 0.10, 0.05, 0.80));
        assertThat(plan.usersInAll()).isEqualTo(2 * plan.usersPerVariant());
        assertThat(plan.alphaPerComparison()).isEqualTo(0.05);
    }

    @Test
    void moreVariantsSplitTheLevelAndNeedMoreUsersEach() {
        ExperimentsModule.Plan two = ExperimentsModule.plan(5, 10, 80, 2);
        ExperimentsModule.Plan four = ExperimentsModule.plan(5, 10, 80, 4);

        assertThat(four.alphaPerComparison()).isCloseTo(0.05 / 3, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(four.usersPerVariant()).isGreaterThan(two.usersPerVariant())
                .isEqualTo(SampleSizeCalculator.usersPerArm(0.05, 0.10, 0.05 / 3, 0.80));
        assertThat(four.usersInAll()).isEqualTo(4 * four.usersPerVariant());
    }

    @Test
    void inputThatCannotBePlannedNamesWhatToChange() {
        assertThatThrownBy(() -> ExperimentsModule.plan(0, 10, 80, 2)).hasMessageContaining("current rate");
        assertThatThrownBy(() -> ExperimentsModule.plan(5, 0, 80, 2)).hasMessageContaining("lift");
        assertThatThrownBy(() -> ExperimentsModule.plan(5, 10, 40, 2)).hasMessageContaining("power");
        assertThatThrownBy(() -> ExperimentsModule.plan(5, 10, 80, 1)).hasMessageContaining("2 to 10 variants");
        assertThatThrownBy(() -> ExperimentsModule.plan(60, 90, 80, 2)).hasMessageContaining("smaller lift");
    }
}
