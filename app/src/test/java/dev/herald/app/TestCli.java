package dev.herald.app;

import dev.herald.app.cli.HeraldCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The fields of a bench's machine-readable {@code summary key=value ...} line in {@code out}. */
    public static Map<String, String> summaryFields(String out) {
        String line = out.lines().filter(l -> l.startsWith("summary ")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in:\n" + out));
        Map<String, String> fields = new HashMap<>();
        for (String field : line.substring("summary ".length()).split(" ")) {
            String[] kv = field.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return fields;
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
