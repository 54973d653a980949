package dev.herald.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code herald} command line's help, version and option checking; nothing here starts Herald. */
class HeraldCliTest {

    @Test
    void helpExitsZeroAndListsTheCommands() {
        TestCli.Result result = TestCli.runCapturingErrors("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: herald");
        assertThat(result.outLines()).anySatisfy(line -> assertThat(line).matches("\\s+run\\s+\\S.*"));
        assertThat(result.outLines()).anySatisfy(line -> assertThat(line).matches("\\s+demo\\s+\\S.*"));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void versionNamesHeraldAndItsVersion() {
        TestCli.Result result = TestCli.runCapturingErrors("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Herald ");
        assertThat(result.outLines().get(0)).matches("Herald \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void demoHelpDescribesItsOptions() {
        TestCli.Result result = TestCli.runCapturingErrors("demo", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: herald demo")
                .contains("--customers=N", "--timeout=SECONDS", "--seed=N", "--data-dir=DIR", "--config=FILE",
                        "-D=KEY=VALUE", "summary events=");
    }

    @Test
    void runHelpDescribesItsOptions() {
        TestCli.Result result = TestCli.runCapturingErrors("run", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: herald run")
                .contains("--port=N", "--data-dir=DIR", "--config=FILE", "-D=KEY=VALUE", "herald.events.crm");
    }

    @Test
    void unknownOptionIsRejectedWithNonZeroExit() {
        TestCli.Result result = TestCli.runCapturingErrors("--no-such-option");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void unknownOptionOfASubcommandIsRejectedWithNonZeroExit() {
        TestCli.Result result = TestCli.runCapturingErrors("demo", "--no-such-option");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("Unknown option: '--no-such-option'");
    }
}
