package dev.herald.app.cli;

import dev.herald.engine.experiment.ExperimentDesign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code herald ab define} and {@code herald ab evaluate}: help, argument parsing and clear errors. */
class AbDefineCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void armsParseWithAndWithoutWeights() {
        assertThat(AbDefineCommand.parseArms("A:0.5, B:1.5")).extracting(ExperimentDesign.Arm::name,
                ExperimentDesign.Arm::weight).containsExactly(
                org.assertj.core.groups.Tuple.tuple("A", 0.5), org.assertj.core.groups.Tuple.tuple("B", 1.5));
        assertThat(AbDefineCommand.parseArms("A,B,C")).extracting(ExperimentDesign.Arm::weight)
                .containsExactly(1.0, 1.0, 1.0);
    }

    @Test
    void badArmsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> AbDefineCommand.parseArms("A:x,B")).hasMessage(
                "--arms: weight of arm 'A' is not a number: 'x'");
        assertThatThrownBy(() -> AbDefineCommand.parseArms("A:0,B")).hasMessage(
                "--arms: weight of arm 'A' must be positive");
        assertThatThrownBy(() -> AbDefineCommand.parseArms("A,,B")).hasMessageContaining("empty arm");
    }

    @Test
    void helpExplainsDefineAndEvaluate() {
        AbCli.Result define = AbCli.run("ab", "define", "--help");
        assertThat(define.exitCode()).isZero();
        assertThat(define.out()).contains("--arms", "--holdout", "--control", "--window-hours", "sticky");
        AbCli.Result evaluate = AbCli.run("ab", "evaluate", "--help");
        assertThat(evaluate.exitCode()).isZero();
        assertThat(evaluate.out()).contains("--min-users", "Holm");
    }

    @Test
    void definingTwiceAndEvaluatingAnUnknownCampaignFailWithAReason() {
        String dir = dataDir.toString();
        assertThat(AbCli.run("ab", "define", "spring", "--arms", "A,B", "--data-dir", dir).exitCode()).isZero();
        AbCli.Result again = AbCli.run("ab", "define", "spring", "--data-dir", dir);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("campaign spring already has an experiment");
        AbCli.Result unknown = AbCli.run("ab", "evaluate", "autumn", "--data-dir", dir);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("campaign autumn has no experiment");
        AbCli.Result badControl = AbCli.run("ab", "define", "summer", "--control", "Z", "--data-dir", dir);
        assertThat(badControl.exitCode()).isEqualTo(1);
        assertThat(badControl.err()).contains("control Z is not an arm of the design");
    }

    @Test
    void previewOfAnUnknownStoredCustomerSaysSo() {
        String dir = dataDir.toString();
        AbCli.Result noDatabase = AbCli.run("templates", "preview", "welcome", "--customer", "C-NOBODY",
                "--data-dir", dir, "--out", dataDir.resolve("p.html").toString());
        assertThat(noDatabase.exitCode()).isEqualTo(1);
        assertThat(noDatabase.err()).contains("no Herald database in");
        assertThat(AbCli.run("ab", "define", "spring", "--data-dir", dir).exitCode()).isZero();
        AbCli.Result unknown = AbCli.run("templates", "preview", "welcome", "--customer", "C-NOBODY",
                "--data-dir", dir, "--out", dataDir.resolve("p.html").toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no customer with id 'C-NOBODY'");
    }
}
