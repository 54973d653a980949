package dev.herald.app;

import dev.herald.app.cli.HeraldCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs the {@code herald} command line in this JVM and captures what it prints. Standard error is captured
 * only on request: the commands that start Herald log there, and those logs belong in the test report.
 */
public final class TestCli {

    /** Exit code and printed output of one command. */
    public record Result(int exitCode, String out, String err) {

        public List<String> outLines() {
            return out.lines().toList();
        }
    }

    private TestCli() {
    }

    /** Runs a command, capturing standard output only. */
    public static Result run(String... args) {
        return execute(false, args);
    }

    /** Runs a command, capturing standard output and standard error. */
    public static Result runCapturingErrors(String... args) {
        return execute(true, args);
    }

    private static synchronized Result execute(boolean captureErr, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            if (captureErr) {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            }
            exitCode = HeraldCli.execute(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
