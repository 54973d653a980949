package dev.herald.app;

import dev.herald.app.cli.HeraldCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** A stray % in a description makes picocli print a warning and the raw text instead of the help. */
    @Test
    void everyCommandsHelpPrintsWithoutWarnings() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new HeraldCli()), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(10).anySatisfy(c -> assertThat(c).containsExactly("reco", "eval"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            TestCli.Result result = TestCli.runCapturingErrors(args.toArray(String[]::new));
            assertThat(result.exitCode()).as("herald %s --help", String.join(" ", command)).isZero();
            assertThat(result.out()).as("herald %s --help", String.join(" ", command)).startsWith("Usage: herald");
            assertThat(result.err()).as("herald %s --help", String.join(" ", command)).doesNotContain("WARN");
        }
    }

    private static void collect(CommandLine parent, List<String> path, List<List<String>> out) {
        Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, CommandLine> sub : parent.getSubcommands().entrySet()) {
            if (seen.add(sub.getValue()) && !sub.getKey().equals("help")) {
                List<String> command = new ArrayList<>(path);
                command.add(sub.getKey());
                out.add(command);
                collect(sub.getValue(), command, out);
            }
        }
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
                .contains("--port=N", "--data-dir=DIR", "--config=FILE", "-D=KEY=VALUE", "herald.events.crm",
                        "GET /metrics");
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
